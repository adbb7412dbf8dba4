import NewsdropCore
import Testing

@Suite("Markdown with front matter")
struct MarkdownFormatTests {
    let article = """
        ---
        title: "Council expands bus network"
        date: 2025-09-04
        authors: [Ada Byron, Alan Turing]
        tags: [transport, city]
        categories: news
        description: Buses reach the northern suburbs.
        url: https://example.org/buses
        weight: 3
        ---

        # Council expands bus network

        The city council voted on **Tuesday** to expand the [bus network](https://example.org/map) into the northern suburbs.

        ## What changes

        - Two new routes
        - Longer hours

        Drivers will be *hired* in October.
        """

    @Test("front matter fills the record; markup is removed and headings become subheadings")
    func frontMatter() throws {
        let record = try Parse.one(article, name: "buses.md")
        #expect(record.inputFormat == .markdown)
        #expect(record.title == "Council expands bus network")
        #expect(record.datePublished?.description == "2025-09-04")
        #expect(record.authors == ["Ada Byron", "Alan Turing"])
        #expect(record.url == "https://example.org/buses")
        #expect(record.extra["tags"] == .array(["transport", "city"]))
        #expect(record.extra["categories"] == .array(["news"]))
        #expect(record.extra["description"] == "Buses reach the northern suburbs.")
        #expect(record.extra["weight"] == .number(3))
        #expect(
            record.blocks.first
                == TextBlock(.paragraph, "The city council voted on Tuesday to expand the bus network into the northern suburbs."))
        #expect(record.blocks.contains(TextBlock(.subheading, "What changes")))
        #expect(record.blocks.contains(TextBlock(.paragraph, "Two new routes")))
        #expect(!record.text.contains("**") && !record.text.contains("]("))
        #expect(!record.text.contains("Council expands bus network"), "the leading # Title repeats the front matter's title")
    }

    @Test("without front matter a leading # heading is the title")
    func headingTitle() throws {
        let record = try Parse.one("# Storm hits coast\n\nWinds reached 120 km/h on Monday.\n", name: "storm.txt")
        #expect(record.inputFormat == .markdown)
        #expect(record.title == "Storm hits coast")
        #expect(record.text == "Winds reached 120 km/h on Monday.")
    }

    @Test("invalid YAML front matter leaves a warning and the body is still read")
    func brokenFrontMatter() throws {
        let record = try Parse.one("---\ntitle: [unclosed\n---\n\n\(englishParagraph)\n")
        #expect(record.warnings.contains { $0.contains("front matter is not valid YAML") })
        #expect(record.text == englishParagraph)
    }

    @Test(
        "a front matter block that is never closed is read as Markdown, even when the file ends in white space",
        arguments: ["\n", "\n\n  \n", "\r\n\t \n", " \u{00A0}\n"])
    func unclosedFrontMatter(ending: String) throws {
        let record = try Parse.one("---\ntitle: x\nkey: value\n\(englishParagraph)\(ending)")
        #expect(record.text.contains(englishParagraph))
        #expect(record.inputFormat == .markdown)
    }

    @Test("brackets nested past three levels are kept as text, quickly; links, images in links and shallow brackets still read as before")
    func deepBrackets() throws {
        let deep = "# Brackets\n\nA paragraph of text " + String(repeating: "[", count: 40) + " with no end.\n"
        let started = ContinuousClock.now
        let record = try Parse.one(deep)
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(record.text.contains(String(repeating: "[", count: 40)))
        let links = try Parse.one(
            "# Links\n\nSee [the map](https://example.org/map), [![logo](l.png)](https://example.org) and [a [b] c] here.\n")
        #expect(links.text == "See the map, and [a [b] c] here.")
    }

    @Test("a <p that opens no element reads as text instead of hanging the Markdown parser; HTML paragraphs still render")
    func openParagraphTag() throws {
        let record = try Parse.one("# Comparison\n\nWhen a <p b holds, the test passes <P- and so on.\n")
        #expect(record.text == "When a <p b holds, the test passes <P- and so on.")
        let html = try Parse.one("# Inline\n\nText before.\n\n<p>An HTML paragraph.</p>\n")
        #expect(html.text.contains("An HTML paragraph."))
        #expect(!html.text.contains("<p>"))
    }

    @Test("a leading heading of markup only gives no title: null, never an empty string")
    func headingWithoutText() throws {
        let record = try Parse.one("# <title>Hidden</title>\n\nThe body of the article in one paragraph.\n")
        #expect(record.title == nil)
        #expect(record.text == "The body of the article in one paragraph.")
    }
}
