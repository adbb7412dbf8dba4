import NewsdropCore
import Testing

@Suite("JSON articles: scraper field names, arrays, JSON Lines and JSON Feed")
struct JSONFormatTests {
    @Test("news-please fields map to the record; unknown keys go to extra")
    func newsPlease() throws {
        let record = try Parse.one(
            """
            {"title": "Council expands bus network", "maintext": "First paragraph.\\nSecond paragraph.",
             "date_publish": "2025-09-04 10:30:00", "authors": ["Ada Byron"], "url": "https://example.org/a",
             "language": "en", "source_domain": "example.org", "description": "Buses.", "image_url": "https://example.org/i.jpg"}
            """)
        #expect(record.inputFormat == .json)
        #expect(record.title == "Council expands bus network")
        #expect(record.blocks == [TextBlock(.paragraph, "First paragraph."), TextBlock(.paragraph, "Second paragraph.")])
        #expect(record.datePublished?.description == "2025-09-04T10:30:00")
        #expect(record.authors == ["Ada Byron"])
        #expect(record.language == "en")
        #expect(record.sourceName == "example.org")
        #expect(record.extra["description"] == "Buses.")
        #expect(record.extra["image_url"] == "https://example.org/i.jpg")
    }

    @Test("trafilatura: author \"a; b\", hostname and sitename")
    func trafilatura() throws {
        let record = try Parse.one(
            """
            {"title": "T", "text": "\(englishParagraph)", "date": "2025-09-04", "author": "Ada Byron; Alan Turing",
             "hostname": "example.org", "sitename": "Example News"}
            """)
        #expect(record.authors == ["Ada Byron", "Alan Turing"])
        #expect(record.sourceName == "Example News")
        #expect(record.extra["hostname"] == "example.org")
    }

    @Test("newspaper4k: publish_date and authors")
    func newspaper() throws {
        let record = try Parse.one(
            #"{"title": "T", "text": "Body text here.", "publish_date": "2025-09-04T08:00:00+02:00", "authors": ["A B", "C D"]}"#)
        #expect(record.datePublished?.description == "2025-09-04T08:00:00+02:00")
        #expect(record.authors == ["A B", "C D"])
    }

    @Test("schema.org NewsArticle: headline, articleBody, author objects, inLanguage, publisher")
    func schemaOrg() throws {
        let record = try Parse.one(
            """
            {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Buses", "articleBody": "Body.",
             "datePublished": "2025-09-04", "author": [{"@type": "Person", "name": "Ada Byron"}, {"name": "Alan Turing"}],
             "inLanguage": "en-gb", "publisher": {"@type": "Organization", "name": "Example News"}}
            """)
        #expect(record.title == "Buses")
        #expect(record.authors == ["Ada Byron", "Alan Turing"])
        #expect(record.language == "en-GB")
        #expect(record.sourceName == "Example News")
        #expect(record.extra["@type"] == nil)
    }

    @Test("JSON Feed 1.1: one record per item; an item without content is skipped")
    func jsonFeed() throws {
        let parsed = try Parse.all(
            """
            {"version": "https://jsonfeed.org/version/1.1", "title": "Example Feed", "language": "en",
             "items": [
               {"id": "1", "title": "First", "content_text": "Plain body.", "date_published": "2025-09-04T10:00:00Z", "authors": [{"name": "Ada"}]},
               {"id": "2", "title": "Second", "content_html": "<p>Rich <b>body</b>.</p><h2>Part</h2><p>More.</p>", "url": "https://example.org/2"},
               {"id": "3", "title": "Empty"}
             ]}
            """)
        #expect(parsed.records.map(\.inputFormat) == [.jsonFeed, .jsonFeed])
        #expect(parsed.records.map(\.title) == ["First", "Second"])
        #expect(parsed.records.map(\.sourceFile.item) == [0, 1])
        #expect(parsed.records[0].authors == ["Ada"])
        #expect(parsed.records[0].sourceName == "Example Feed")
        #expect(
            parsed.records[1].blocks == [
                TextBlock(.paragraph, "Rich body."), TextBlock(.subheading, "Part"), TextBlock(.paragraph, "More."),
            ])
        #expect(parsed.skipped.map(\.index) == [2])
    }

    @Test("an array and JSON Lines give one record per object; bad items are listed, not fatal")
    func manyObjects() throws {
        let array = try Parse.all(#"[{"title": "A", "text": "Alpha body."}, 42, {"title": "B", "text": "Beta body."}]"#)
        #expect(array.records.map(\.title) == ["A", "B"])
        #expect(array.skipped.map(\.index) == [1])
        #expect(array.skipped.first?.reason == "not_an_article")

        let lines = try Parse.all("{\"title\": \"A\", \"text\": \"Alpha body.\"}\n{broken\n{\"title\": \"B\", \"text\": \"Beta body.\"}\n")
        #expect(lines.records.map(\.title) == ["A", "B"])
        #expect(lines.records.map(\.sourceFile.item) == [0, 2])
        #expect(lines.skipped.map(\.reason) == ["invalid_json"])
    }

    @Test("a JSON file that is not an article, invalid JSON and an array of non-articles are rejected")
    func rejections() {
        #expect(Parse.rejection(Array(#"{"name": "config", "retries": 3}"#.utf8))?.reason == "not_an_article")
        #expect(Parse.rejection(Array(#"{"title": "no end""#.utf8))?.reason == "invalid_json")
        let none = Parse.rejection(Array(#"[{"a": 1}, {"b": 2}]"#.utf8))
        #expect(none?.reason == "no_articles")
        #expect(none?.items.count == 2)
    }
}
