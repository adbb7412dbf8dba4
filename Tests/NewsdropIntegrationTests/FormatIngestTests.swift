import Foundation
import NewsdropTestSupport
import Testing

@Suite("newsdrop run: feeds, JSON and pages", .serialized)
struct FormatIngestTests {
    let feed = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Example News</title><language>en</language>
          <item><title>Council expands bus network</title><pubDate>Thu, 04 Sep 2025 10:30:00 +0200</pubDate>
            <description>The city council voted on Tuesday to expand the bus network into the northern suburbs.</description></item>
          <item><title>Only a title</title></item>
          <item><title>Storm hits coast</title><description>Winds reached 120 km/h on Monday and schools closed.</description></item>
        </channel></rss>
        """

    @Test("a feed gives one record per item; skipped items are listed in done/NAME.error.json and the journal")
    func feedItems() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        try daemon.drop("news.xml", feed)
        try await daemon.waitUntil("the feed is done") { daemon.names(in: daemon.done).contains("news.xml") }
        let records = try daemon.records()
        #expect(records.map { $0["title"] as? String } == ["Council expands bus network", "Storm hits coast"])
        #expect(records.map { ($0["source_file"] as? [String: Any])?["item"] as? Int } == [0, 2])
        #expect(records.allSatisfy { $0["input_format"] as? String == "rss" })
        let errorFile = daemon.done.appendingPathComponent("news.xml.error.json")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: errorFile)) as? [String: Any])
        #expect(report["reason"] as? String == "items_skipped")
        let items = try #require(report["items"] as? [[String: Any]])
        #expect(items.map { $0["index"] as? Int } == [1])
        #expect(daemon.log.contains("event=item_skipped"))

        // The same feed again adds nothing: every item is recognized as a duplicate on its own.
        try daemon.drop("again.xml", feed)
        try await daemon.waitUntil("the second copy is done") { daemon.names(in: daemon.done).contains("again.xml") }
        #expect(try daemon.records().count == 2)
        #expect(try await daemon.stop() == 0)
        let archive = try String(contentsOf: daemon.archive, encoding: .utf8)
        #expect(try SchemaValidation.problems(inJSONLines: archive) == [])
    }

    @Test("JSON Lines, Markdown and HTML files are ingested; a file with no usable article goes to failed/")
    func otherFormats() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        try daemon.drop(
            "scraped.jsonl",
            """
            {"title": "A", "maintext": "Alpha article body with enough words.", "date_publish": "2025-09-04 10:00:00"}
            {"title": "B", "text": "Beta article body with enough words.", "author": "Ada Byron; Alan Turing"}
            """)
        try daemon.drop("post.md", "---\ntitle: Gamma\ndate: 2025-09-05\n---\n\nGamma article body.\n")
        try daemon.drop(
            "page.html",
            "<html lang=\"en\"><body><article><p>Delta article body, long enough to be the main text of the page.</p></article></body></html>"
        )
        try daemon.drop("config.json", #"{"retries": 3, "name": "not an article"}"#)
        try daemon.drop("empty-feed.xml", "<rss version=\"2.0\"><channel><title>Nothing</title></channel></rss>")
        try await daemon.waitUntil("all have left the inbox") { daemon.spoolIsEmpty }
        let formats = try daemon.records().compactMap { $0["input_format"] as? String }
        #expect(formats.sorted() == ["html", "json", "json", "markdown"])
        #expect(daemon.failureReason("config.json") == "not_an_article")
        #expect(daemon.failureReason("empty-feed.xml") == "no_articles")
        #expect(try await daemon.stop() == 0)
        let archive = try String(contentsOf: daemon.archive, encoding: .utf8)
        #expect(try SchemaValidation.problems(inJSONLines: archive) == [])
    }
}
