import Foundation
import NewsdropTestSupport
import Testing

@testable import NewsdropCore

@Suite("Plain-text layouts")
struct PlainTextLayoutTests {
    let parser = ArticleParser()
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let facts = FileFacts(name: "article.txt", modified: Date(timeIntervalSince1970: 1_780_000_000))

    func parse(_ text: String) throws -> ArticleRecord {
        try parser.parse(Array(text.utf8), file: facts, now: now)
    }

    @Test("the seed article reads as the date-marker layout: date, no title, 12 paragraphs, 3 subheadings")
    func seedArticle() throws {
        let bytes = try TestPaths.corpusBytes("seed/2025-09-04-security-guarantees.txt")
        let record = try parser.parse(bytes, file: facts, now: now)
        #expect(record.inputFormat == .textDateMarker)
        #expect(record.datePublished?.description == "2025-09-04")
        #expect(record.datePublishedRaw == "2025-09-04")
        #expect(record.title == nil)
        #expect(record.blocks.count == 15)
        #expect(record.blocks.filter { $0.kind == .paragraph }.count == 12)
        let subheadings = record.blocks.filter { $0.kind == .subheading }.map(\.text)
        #expect(
            subheadings == [
                "‘Trump confirmed he would join in taking action if Russia fails to act’",
                "‘Europe must stop buying Russian oil, put pressure on China’: Trump",
                "Deprive Russian war machine of resources to end war: Zelensky",
            ])
        #expect(!record.text.contains("date 2025"))
        #expect(record.text.hasPrefix("French President Emmanuel Macron said"))
        #expect(record.text == record.blocks.map(\.text).joined(separator: "\n\n"))
        #expect(record.warnings.isEmpty)
    }

    @Test("a subheading is never promoted to title in the date-marker layout")
    func dateMarkerKeepsTitleNull() throws {
        let record = try parse("date 2024-01-02\nA short heading\n\nThe first paragraph ends here.\n")
        #expect(record.title == nil)
        #expect(record.blocks.first == TextBlock(.subheading, "A short heading"))
    }

    @Test("a BBC article's first line is its headline")
    func headlineLayout() throws {
        let bytes = try TestPaths.corpusBytes("bbc/business/001.txt")
        let record = try parser.parse(bytes, file: facts, now: now)
        #expect(record.inputFormat == .textHeadline)
        #expect(record.title == "Ad sales boost Time Warner profit")
        #expect(record.blocks.allSatisfy { $0.kind == .paragraph })
        #expect(record.text.hasPrefix("Quarterly profits at US media giant TimeWarner jumped 76%"))
        #expect(!record.text.contains("Ad sales boost"))
    }

    @Test("a headline may end in a question mark")
    func questionHeadline() throws {
        let record = try parse("Could Yukos be a blessing in disguise?\n\nThe oil firm's troubles may help, analysts say.\n")
        #expect(record.title == "Could Yukos be a blessing in disguise?")
    }

    @Test("sectioned text keeps its first short line as a subheading, not a title")
    func sectionedText() throws {
        let record = try parse(
            """
            Процес перетворень стає болісним

            Так спрацьовує інколи містечковий егоїзм. А навіщо нам об'єднуватися?

            Нові можливості громад

            Громади отримали більше повноважень.
            """)
        #expect(record.inputFormat == .textPlain)
        #expect(record.title == nil)
        #expect(record.blocks.map(\.kind) == [.subheading, .paragraph, .subheading, .paragraph])
    }

    @Test("Ukrainian press texts have subheadings apart from paragraphs")
    func ukrainianSubheadings() throws {
        let folder = TestPaths.corpusFile("uk-press")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        var subheadings = 0
        for name in names.prefix(60) {
            let record = try parser.parse(try TestPaths.corpusBytes("uk-press/\(name)"), file: facts, now: now)
            for block in record.blocks where block.kind == .subheading {
                subheadings += 1
                #expect(block.text.split(separator: " ").count <= 20)
                #expect(!block.text.hasSuffix("."))
            }
        }
        #expect(subheadings > 10)
    }

    @Test("the header layout maps known keys case-insensitively and keeps unknown keys in extra")
    func headerLayout() throws {
        let record = try parse(
            """
            TITLE: Floods close the valley road
            date: 2025-03-01T08:30:00+01:00
            Authors: Ann Lee, Bo Chan and Cy Diaz
            Source: Valley Gazette
            URL: https://example.org/floods
            Language: EN
            Tags: weather, roads
            Desk: Regional

            The valley road was closed on Saturday after heavy rain.

            Repairs will take a week.
            """)
        #expect(record.inputFormat == .textHeader)
        #expect(record.title == "Floods close the valley road")
        #expect(record.datePublished?.description == "2025-03-01T08:30:00+01:00")
        #expect(record.authors == ["Ann Lee", "Bo Chan", "Cy Diaz"])
        #expect(record.sourceName == "Valley Gazette")
        #expect(record.url == "https://example.org/floods")
        #expect(record.language == "en")
        #expect(record.extra["tags"] == .array(["weather", "roads"]))
        #expect(record.extra["desk"] == "Regional")
        #expect(record.blocks.count == 2)
        #expect(!record.text.contains("Valley Gazette"))
    }

    @Test("a paragraph that happens to contain a colon is not a header block")
    func colonParagraphIsNotHeader() throws {
        let record = try parse("Note: prices rose again in March, the agency said.\n\nMore follows.\n")
        #expect(record.inputFormat != .textHeader)
        #expect(record.text.hasPrefix("Note: prices rose"))
    }

    @Test("lines inside one paragraph are joined by a space, CRLF included")
    func wrappedParagraph() throws {
        let record = try parse("date 2024-05-06 First line of the body\r\nwraps here.\r\n\r\nSecond paragraph.\r\n")
        #expect(record.blocks == [TextBlock(.paragraph, "First line of the body wraps here."), TextBlock(.paragraph, "Second paragraph.")])
    }

    @Test("lone CR ends a line too, and trailing white space of any script is dropped")
    func lineEnds() throws {
        let record = try parse("date 2024-05-06 One\u{00A0}\rtwo.\u{3000}\t\r\rThree ünï.\u{2003}\n")
        #expect(record.blocks == [TextBlock(.paragraph, "One two."), TextBlock(.paragraph, "Three ünï.")])
    }

    @Test(
        "the date marker's keyword is matched in any case, and only as a word of its own",
        arguments: [
            ("DATE 2024-05-06 Body text.", true), ("  Date 2024-05-06 Body text.", true),
            ("Dates 2024-05-06 Body text.", false), ("date\u{301} 2024-05-06 Body text.", false),
            ("date \u{301}2024-05-06 Body text.", false), ("dat 2024-05-06 Body text.", false),
        ])
    func dateKeyword(text: String, isMarker: Bool) throws {
        #expect(try parse(text).inputFormat == (isMarker ? .textDateMarker : .textPlain))
    }

    @Test("a header key is at most 40 characters of letters, digits, _, - and spaces before the colon")
    func headerKeys() throws {
        let long = String(repeating: "k", count: 41)
        #expect(try parse("Title: T\nÜber-Key_2: v\n\nBody text.\n").extra["über-key_2"] == .string("v"))
        #expect(try parse("Title: T\n\(long): v\n\nBody text.\n").inputFormat != .textHeader)
        #expect(try parse("Title: T\nKey : v\n\nBody text.\n").inputFormat != .textHeader)
    }

    @Test("an unrecognized or implausible date gives null with a warning and keeps the raw value")
    func badDates() throws {
        let unclear = try parse("Title: T\nDate: sometime soon\n\nBody text here.\n")
        #expect(unclear.datePublished == nil)
        #expect(unclear.datePublishedRaw == "sometime soon")
        #expect(unclear.warnings.contains { $0.contains("not understood") })
        let future = try parse("date 2999-01-01 Body text here.\n")
        #expect(future.datePublished == nil)
        #expect(future.warnings.contains { $0.contains("implausible") })
    }

    @Test(
        "the text is the blocks joined by blank lines", arguments: [[], [""], ["One."], ["One.", "Two"], ["", "x", ""], ["Київ", "😀 ü"]])
    func textJoinsBlocks(texts: [String]) {
        #expect(ArticleParser.text(of: texts.map { TextBlock(.paragraph, $0) }) == texts.joined(separator: "\n\n"))
    }

    @Test("word_count counts words with letters or digits in the text")
    func wordCount() {
        #expect(ArticleParser.wordCount("One, two — three 4\n\n“five”") == 5)
        #expect(ArticleParser.wordCount("") == 0)
        #expect(ArticleParser.wordCount(" \u{00A0}— … \u{3000}") == 0)
        #expect(ArticleParser.wordCount("край\u{2003}світу\u{00A0}x") == 3)
    }

    @Test("word_count agrees with splitting on white space wherever words fall against eight-byte steps")
    func wordCountOnRandomText() {
        let alphabet = Array("ab9 ,-\t\n\u{0B}\u{A0}é—".unicodeScalars)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = String(
                String.UnicodeScalarView(
                    (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                        alphabet.randomElement(using: &generator)!
                    }))
            let expected = text.unicodeScalars.split(whereSeparator: \.properties.isWhitespace)
                .filter { $0.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil } }.count
            #expect(ArticleParser.wordCount(text) == expected, "\(text.debugDescription)")
        }
    }

    @Test("word_count agrees with splitting on white space on the corpus texts")
    func wordCountOnCorpus() throws {
        for file in try TestPaths.corpusFiles(in: "bbc/tech", limit: 40) + TestPaths.corpusFiles(in: "uk-press", limit: 40) {
            let text = try TextDecoding.decode(try TestPaths.corpusBytes(file)).text
            let expected = text.unicodeScalars.split(whereSeparator: \.properties.isWhitespace)
                .filter { $0.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil } }.count
            #expect(ArticleParser.wordCount(text) == expected, "\(file)")
        }
    }
}
