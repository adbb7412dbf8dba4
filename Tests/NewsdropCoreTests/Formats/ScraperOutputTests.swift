import Foundation
import NewsdropCore
import NewsdropTestSupport
import Testing

/// The real output of the scrapers people run before newsdrop, as `scripts/make-scraper-fixtures`
/// wrote it into `Tests/Fixtures/scrapers/`: each field the tool produced must reach its record
/// field, by that tool's own meaning of its keys.
@Suite("Scrapers' own JSON output, field for field")
struct ScraperOutputTests {
    static let folder = TestPaths.projectRoot.appendingPathComponent("Tests/Fixtures/scrapers")

    /// Each fixture of `tool`: the tool's object and newsdrop's record of it.
    static func outputs(of tool: String) throws -> [(output: [String: Any], record: ArticleRecord)] {
        let directory = folder.appendingPathComponent(tool)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(names.count >= 4, "fixtures of \(tool): \(names)")
        return try names.map { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let output = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return (output, try Parse.one(String(decoding: data, as: UTF8.self), name: name))
        }
    }

    /// The words of a text, so that paragraph breaks and spacing do not count.
    static func words(_ text: Any?) -> [Substring] {
        (text as? String ?? "").split(whereSeparator: \.isWhitespace)
    }

    /// A tool's string value; `nil` for null, empty or news-please's "None".
    static func value(_ output: [String: Any], _ key: String) -> String? {
        guard let text = output[key] as? String, !text.isEmpty, text != "None" else { return nil }
        return text
    }

    /// The language the tool gave, or, when it gave none, a language newsdrop detected.
    static func expectLanguage(_ record: ArticleRecord, _ given: String?) {
        if let given { #expect(record.language == given) } else { #expect(record.language != nil) }
    }

    @Test("trafilatura: source is the URL, source-hostname the site's name, hostname stays the domain in extra; raw_text is not copied")
    func trafilatura() throws {
        for (output, record) in try Self.outputs(of: "trafilatura") {
            #expect(record.title == Self.value(output, "title"))
            #expect(record.datePublishedRaw == Self.value(output, "date"))
            #expect(record.authors == (Self.value(output, "author")?.components(separatedBy: "; ") ?? []))
            #expect(Self.words(record.text) == Self.words(output["text"]))
            #expect(record.url == Self.value(output, "source"))
            #expect(record.url?.hasPrefix("https://") == true || record.url?.hasPrefix("http://") == true)
            #expect(record.sourceName == Self.value(output, "source-hostname") ?? Self.value(output, "hostname"))
            Self.expectLanguage(record, Self.value(output, "language"))
            #expect(record.extra["raw_text"] == nil, "the second copy of the body was copied")
            #expect(record.extra["source"] == nil && record.extra["source-hostname"] == nil)
            #expect(record.extra["hostname"]?.string == Self.value(output, "hostname"))
            #expect(record.extra["excerpt"]?.string == Self.value(output, "excerpt"))
        }
    }

    @Test("news-please: maintext, date_publish, source_domain; its \"None\" for a missing value is nothing")
    func newsPlease() throws {
        for (output, record) in try Self.outputs(of: "news-please") {
            #expect(record.title == Self.value(output, "title"))
            #expect(record.datePublishedRaw == Self.value(output, "date_publish"))
            #expect(record.authors == (output["authors"] as? [String] ?? []))
            #expect(Self.words(record.text) == Self.words(output["maintext"]))
            #expect(record.url == Self.value(output, "url"))
            #expect(record.sourceName == Self.value(output, "source_domain"))
            Self.expectLanguage(record, Self.value(output, "language"))
            #expect(!record.extra.values.contains { $0.string == "None" })
            #expect(record.extra["description"]?.string == Self.value(output, "description"))
        }
    }

    @Test("newspaper4k: text, publish_date, meta_site_name; empty fields stay out of extra, lists such as images stay in")
    func newspaper4k() throws {
        for (output, record) in try Self.outputs(of: "newspaper4k") {
            #expect(record.title == Self.value(output, "title"))
            #expect(record.datePublishedRaw == Self.value(output, "publish_date"))
            #expect(record.authors == (output["authors"] as? [String] ?? []))
            #expect(Self.words(record.text) == Self.words(output["text"]))
            #expect(record.url == Self.value(output, "url"))
            #expect(record.sourceName == Self.value(output, "meta_site_name"))
            Self.expectLanguage(record, Self.value(output, "language") ?? Self.value(output, "meta_lang"))
            #expect(!record.extra.values.contains { $0.string == "" })
            if let images = output["images"] as? [String], !images.isEmpty {
                #expect(record.extra["images"]?.array?.count == images.count)
            }
        }
    }

    @Test("a Scrapy feed export (JSON Lines, non-ASCII escaped as Scrapy writes it): one record per item, every field mapped")
    func scrapyFeedExport() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("scrapy/items.jsonl"))
        #expect(String(decoding: data, as: UTF8.self).contains("\\u"), "the export escapes non-ASCII")
        let items = try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let parsed = try Parse.all(Array(data), name: "items.jsonl")
        #expect(parsed.records.count == items.count)
        for (output, record) in zip(items, parsed.records) {
            #expect(record.title == Self.value(output, "title"))
            #expect(record.datePublishedRaw == Self.value(output, "published"))
            #expect(record.authors == (Self.value(output, "author").map { [$0] } ?? []))
            #expect(Self.words(record.text) == Self.words(output["body"]))
            #expect(record.url == Self.value(output, "url"))
            #expect(record.sourceName == Self.value(output, "site_name"))
            #expect(record.extra.isEmpty, "\(record.extra.keys)")
        }
    }

    @Test("a key that repeats the body under another name is not copied to extra; other text is")
    func bodyCopies() throws {
        let record = try Parse.one(
            """
            {"title": "T", "text": "\(englishParagraph)\\n\\nSecond paragraph.", "copy": " \(englishParagraph) Second   paragraph.",
             "summary": "Buses for the suburbs.", "empty": "", "none": []}
            """)
        #expect(record.extra["copy"] == nil)
        #expect(record.extra["summary"] == "Buses for the suburbs.")
        #expect(record.extra["empty"] == nil && record.extra["none"] == nil)
    }
}
