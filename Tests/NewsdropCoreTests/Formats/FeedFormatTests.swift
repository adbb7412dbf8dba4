import NewsdropCore
import Testing

@Suite("RSS, RDF and Atom feeds")
struct FeedFormatTests {
    @Test("RSS 2.0: one record per item, content:encoded reduced to text, RFC 822 dates, dc:creator")
    func rss() throws {
        let parsed = try Parse.all(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel>
                <title>Example News</title><language>en-us</language>
                <item>
                  <title>Council expands bus network</title>
                  <link>https://example.org/buses</link>
                  <pubDate>Thu, 04 Sep 2025 10:30:00 +0200</pubDate>
                  <dc:creator>Ada Byron</dc:creator>
                  <category>Transport</category>
                  <description>Short summary.</description>
                  <content:encoded><![CDATA[<p>The council <a href="x">voted</a>.</p><h3>Next</h3><p>Buses run in <em>October</em>.</p>]]></content:encoded>
                </item>
                <item>
                  <title>Second</title>
                  <pubDate>Fri, 05 Sep 2025 08:00:00 GMT</pubDate>
                  <description>&lt;p&gt;Escaped &lt;b&gt;HTML&lt;/b&gt; body.&lt;/p&gt;</description>
                </item>
                <item><title>No body at all</title></item>
              </channel>
            </rss>
            """)
        #expect(parsed.records.count == 2)
        let first = parsed.records[0]
        #expect(first.inputFormat == .rss)
        #expect(first.title == "Council expands bus network")
        #expect(first.url == "https://example.org/buses")
        #expect(first.datePublished?.description == "2025-09-04T10:30:00+02:00")
        #expect(first.authors == ["Ada Byron"])
        #expect(first.language == "en-US")
        #expect(first.sourceName == "Example News")
        #expect(
            first.blocks == [
                TextBlock(.paragraph, "The council voted."), TextBlock(.subheading, "Next"),
                TextBlock(.paragraph, "Buses run in October."),
            ])
        #expect(first.extra["description"] == "Short summary.")
        #expect(first.extra["categories"] == .array(["Transport"]))
        #expect(parsed.records[1].text == "Escaped HTML body.")
        #expect(parsed.records[1].datePublished?.description == "2025-09-05T08:00:00Z")
        #expect(parsed.skipped.map(\.index) == [2])
    }

    @Test("the declared XML encoding is honoured: a Windows-1252 feed")
    func windows1252() throws {
        var bytes = Array(
            "<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss version=\"2.0\"><channel><title>N</title><item><title>".utf8)
        bytes += [0x93] + Array("Quoted".utf8) + [0x94] + Array(" caf".utf8) + [0xE9]
        bytes += Array("</title><description>Body of the item.</description></item></channel></rss>".utf8)
        let record = try #require(try Parse.all(bytes).records.first)
        #expect(record.title == "“Quoted” café")
    }

    @Test(
        "a feed that declares no encoding and is not UTF-8 is read in the charset detected, with a warning",
        arguments: [
            (
                "KOI8-R",
                "Городской совет в четверг проголосовал за расширение автобусной сети в северные пригороды. Новые маршруты начнут работать в октябре, и автобусы будут ходить каждые десять минут."
            ),
            (
                "WINDOWS-1255",
                "מועצת העיר הצביעה ביום חמישי על הרחבת רשת האוטובוסים לפרברים הצפוניים. הקווים החדשים יתחילו לפעול באוקטובר, והאוטובוסים יגיעו כל עשר דקות."
            ),
        ])
    func undeclaredCharset(charset: String, body: String) throws {
        let feed =
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>N</title><item><title>T</title><description>\(body)</description></item></channel></rss>"
        let record = try #require(try Parse.all(try encoded(feed, as: charset)).records.first)
        #expect(record.text == body)
        #expect(record.warnings.contains { $0.contains(charset) })
    }

    @Test("an item whose only body is an inline xhtml:body or an escaped <fullitem> gives a record")
    func xhtmlBodyAndFullitem() throws {
        let parsed = try Parse.all(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:xhtml="http://www.w3.org/1999/xhtml">
              <channel><title>N</title>
                <item><title>Inline</title><xhtml:body><xhtml:p>The council <xhtml:b>voted</xhtml:b> on Tuesday.</xhtml:p></xhtml:body></item>
                <item><title>Escaped</title><fullitem>&lt;p&gt;Buses will run from &lt;em&gt;October&lt;/em&gt;.&lt;/p&gt;</fullitem></item>
              </channel>
            </rss>
            """)
        #expect(parsed.records.map(\.text) == ["The council voted on Tuesday.", "Buses will run from October."])
        #expect(parsed.skipped.isEmpty)
    }

    @Test("RSS 1.0 (RDF): items beside the channel, dc:date")
    func rdf() throws {
        let record = try Parse.one(
            """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://example.org/"><title>Example</title></channel>
              <item rdf:about="https://example.org/1"><title>One</title><link>https://example.org/1</link>
                <description>The body.</description><dc:date>2025-09-04T10:00:00Z</dc:date></item>
            </rdf:RDF>
            """)
        #expect(record.inputFormat == .rss)
        #expect(record.datePublished?.description == "2025-09-04T10:00:00Z")
        #expect(record.text == "The body.")
    }

    @Test("Atom 1.0: html, xhtml and text content, alternate link, published date, author")
    func atom() throws {
        let parsed = try Parse.all(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
              <title>Exemple</title>
              <entry>
                <title>Un</title><id>urn:1</id>
                <link rel="self" href="https://example.org/self"/><link rel="alternate" href="https://example.org/1"/>
                <published>2025-09-04T10:00:00+02:00</published><updated>2025-09-05T10:00:00Z</updated>
                <author><name>Ada Byron</name></author>
                <content type="html">&lt;p&gt;Premier &lt;i&gt;paragraphe&lt;/i&gt;.&lt;/p&gt;</content>
              </entry>
              <entry><title>Deux</title><updated>2025-09-05T10:00:00Z</updated>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Texte <b>riche</b>.</p></div></content></entry>
              <entry><title>Trois</title><summary>Texte simple.</summary></entry>
            </feed>
            """)
        #expect(parsed.records.map(\.inputFormat) == [.atom, .atom, .atom])
        #expect(parsed.records[0].url == "https://example.org/1")
        #expect(parsed.records[0].datePublished?.description == "2025-09-04T10:00:00+02:00")
        #expect(parsed.records[0].authors == ["Ada Byron"])
        #expect(parsed.records[0].language == "fr")
        #expect(parsed.records.map(\.text) == ["Premier paragraphe.", "Texte riche.", "Texte simple."])
        #expect(parsed.records[1].datePublished?.description == "2025-09-05T10:00:00Z")
    }

    @Test("an empty feed and broken XML are rejected with their reasons")
    func rejections() {
        let empty = Parse.rejection(Array("<rss version=\"2.0\"><channel><title>Nothing</title></channel></rss>".utf8))
        #expect(empty?.reason == "no_articles")
        #expect(empty?.message.contains("no items") == true)
        #expect(Parse.rejection(Array("<?xml version=\"1.0\"?><other/>".utf8))?.reason == "invalid_markup")
    }

    @Test("broken markup in a feed is repaired as far as it goes")
    func brokenFeed() throws {
        let parsed = try Parse.all(
            "<rss><channel><item><title>Cut</title><description>Body survives.</description></item><item><title>Half")
        #expect(parsed.records.first?.text == "Body survives.")
    }
}
