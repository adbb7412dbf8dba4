import NewsdropCore
import Testing

/// One small page per rule of HTML metadata extraction: the headline, the publication date and
/// the authors.
@Suite("HTML pages: headline, date and authors")
struct HTMLMetadataTests {
    /// A page with `head` in its head and `body` before two paragraphs of article text.
    static func page(head: String, body: String = "") throws -> ArticleRecord {
        try Parse.one(
            "<html><head>\(head)</head><body>\(body)<article><p>\(englishParagraph)</p><p>\(englishParagraph) Again.</p></article></body></html>",
            name: "page.html")
    }

    // MARK: Headline

    @Test("the article's <h1> is the headline, as readers see it, when a metadata title confirms it")
    func headingConfirmed() throws {
        let record = try Self.page(
            head: #"<meta property="og:title" content="Man's 'big' day at the zoo - Example News"><title>Zoo | Example News</title>"#,
            body: "<h1>Man’s ‘big’ day at the zoo</h1>")
        #expect(record.title == "Man’s ‘big’ day at the zoo")
    }

    @Test("an <h1> no metadata title confirms (a logo, a section name) is passed over")
    func headingNotConfirmed() throws {
        let section = try Self.page(
            head: #"<meta property="og:title" content="Why the striker stayed for another season">"#,
            body: "<h1>Football</h1><h1>Why the striker stayed for another season</h1>")
        #expect(section.title == "Why the striker stayed for another season")
        let logo = try Self.page(
            head: #"<meta property="og:title" content="How allies learned to love the central bank">"#, body: "<h1>Example Logo</h1>")
        #expect(logo.title == "How allies learned to love the central bank")
    }

    @Test("character references left in a twice-escaped metadata title are decoded")
    func entities() throws {
        let record = try Self.page(
            head: #"<meta property="og:title" content="Don&amp;apos;t &amp;#8216;go&amp;#x2019; &amp;mdash; now &amp;amp; later">"#)
        #expect(record.title == "Don't ‘go’ — now & later")
    }

    @Test("segments of a metadata title that name the site are dropped; the separators kept stay as written")
    func siteName() throws {
        let suffix = try Self.page(
            head: #"<meta property="og:site_name" content="The Citizen"><title>Food drive gives back - The Citizen</title>"#)
        #expect(suffix.title == "Food drive gives back")
        let several = try Self.page(
            head: #"<meta property="og:site_name" content="BBC America"><title>Ten things | Anglophenia | BBC America</title>"#)
        #expect(several.title == "Ten things | Anglophenia")
        let domain = try Self.page(
            head: #"<link rel="canonical" href="https://www.weather.com/x"><title>Ways to recycle a tree | Weather.com</title>"#)
        #expect(domain.title == "Ways to recycle a tree")
        let kept = try Self.page(
            head: #"<meta property="og:site_name" content="Example"><title>Paris - Berlin: the new night train</title>"#)
        #expect(kept.title == "Paris - Berlin: the new night train")
    }

    @Test("a metadata title cut short with an ellipsis is completed from a title that starts the same way")
    func ellipsis() throws {
        let record = try Self.page(
            head:
                #"<meta property="og:title" content="Star quits after 21 years with a final show just weeks..."><title>Star quits after 21 years with a final show just weeks away | Daily</title><meta property="og:site_name" content="Daily">"#
        )
        #expect(record.title == "Star quits after 21 years with a final show just weeks away")
    }

    // MARK: Publication date

    @Test("a date candidate that does not read as a date is passed over for the next one")
    func unreadableCandidate() throws {
        let record = try Self.page(
            head: #"<meta property="article:published_time" content="2023-12-20T20:41:43">"#,
            body: #"<time datetime="2022-02-112023-06-08">June 8</time>"#)
        #expect(record.datePublished?.description == "2023-12-20T20:41:43")
        let jsonLD = try Self.page(
            head: """
                <script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "yesterday evening"}</script>
                <meta property="article:published_time" content="12/20/2023 16:00:50">
                """)
        #expect(jsonLD.datePublished?.description == "2023-12-20T16:00:50")
    }

    @Test("a full date in the URL's path comes first; a candidate on the same day gives its time")
    func urlDate() throws {
        let only = try Self.page(
            head: #"<link rel="canonical" href="https://example.org/article/2023/12/12/free-speech/">"#,
            body: #"<time datetime="2023-12-24T13:05:00-05:00">13:05</time>"#)
        #expect(only.datePublished?.description == "2023-12-12")
        let dashed = try Self.page(head: #"<meta property="og:url" content="https://example.org/feature/2023-12-19/story">"#)
        #expect(dashed.datePublished?.description == "2023-12-19")
        let timed = try Self.page(
            head:
                #"<link rel="canonical" href="https://example.org/2023/12/20/story"><meta property="article:published_time" content="2023-12-20T20:41:43-05:00">"#
        )
        #expect(timed.datePublished?.description == "2023-12-20T20:41:43-05:00")
        let partial = try Self.page(
            head:
                #"<link rel="canonical" href="https://example.org/2022/08/story"><meta property="article:published_time" content="2022-08-27T13:48:57Z">"#
        )
        #expect(partial.datePublished?.description == "2022-08-27T13:48:57Z")
    }

    @Test("the datePublished of a JSON-LD object that is not an article, in a @graph, serves when nothing else does")
    func jsonLDOtherTypes() throws {
        let record = try Self.page(
            head: """
                <script type="application/ld+json">{"@graph": [{"@type": "WebPage", "name": "Video"},
                 {"@type": "VideoObject", "name": "Evolution", "datePublished": "2023-09-21T13:35:00+00:00"}]}</script>
                """)
        #expect(record.datePublished?.description == "2023-09-21T13:35:00Z")
    }

    @Test(
        "a visible dateline gives the date when the metadata gives none",
        arguments: [
            #"<p class="article-date">Published: December 20, 2023</p>"#,
            #"<span class="article-byline">By Nick Levine | December 20, 2023</span>"#,
            #"<div><span itemprop="datePublished" content="2023-12-20">Wednesday</span></div>"#,
        ])
    func visibleDateline(markup: String) throws {
        let record = try Self.page(head: "<title>A story</title>", body: markup)
        #expect(record.datePublished?.description == "2023-12-20")
    }

    /// Metadata of a page first published in 2019 and republished on 27 November 2023.
    static let republished = """
        <meta property="article:published_time" content="2019-11-25T13:00:00.000Z">
        <meta property="article:modified_time" content="2023-11-27T11:20:00.000Z">
        """

    @Test("the date a page shows is the publication date when its metadata has that day, as a revision or otherwise")
    func shownDateConfirmed() throws {
        let shownRevision = try Self.page(
            head: Self.republished, body: #"<time class="content-header-publish-date">November 27, 2023</time>"#)
        #expect(shownRevision.datePublished?.description == "2023-11-27T11:20:00.000Z")
        let shownOriginal = try Self.page(head: Self.republished, body: #"<p class="dateline">25 November 2019</p>"#)
        #expect(shownOriginal.datePublished?.description == "2019-11-25T13:00:00.000Z")
        let unconfirmed = try Self.page(head: Self.republished, body: #"<span class="date">Friday, December 1, 2023</span>"#)
        #expect(unconfirmed.datePublished?.description == "2019-11-25T13:00:00.000Z")
    }

    @Test("a shown date marked as the time of a change is passed over; of 'Posted … | Updated …' the first part counts")
    func shownRevisionMarks() throws {
        let marked = try Self.page(
            head: Self.republished,
            body: """
                <div class="publication-time--show-modtime"><time class="mod-time"><span class="date">Nov. 27, 2023</span></time>
                <time class="pub-time"><span class="date">Nov. 25, 2019</span></time></div>
                """)
        #expect(marked.datePublished?.description == "2019-11-25T13:00:00.000Z")
        let posted = try Self.page(
            head: Self.republished, body: #"<p class="timestamp">Posted: Nov 25, 2019 8:00 AM EST | Last Updated: November 27</p>"#)
        #expect(posted.datePublished?.description == "2019-11-25T08:00:00.000-05:00")
    }

    @Test("a time in UTC gives way to the same instant in the page's own zone")
    func localZone() throws {
        let record = try Self.page(
            head: #"<meta property="article:published_time" content="2023-12-23T03:22:07Z">"#,
            body: #"<time datetime="2023-12-22T22:22:07-0500">Dec 22, 2023</time>"#)
        #expect(record.datePublished?.description == "2023-12-22T22:22:07-05:00")
        let otherInstant = try Self.page(
            head: #"<meta property="article:published_time" content="2023-12-23T03:22:07Z">"#,
            body: #"<time datetime="2023-12-22T20:00:00-0500">Dec 22, 2023</time>"#)
        #expect(otherInstant.datePublished?.description == "2023-12-23T03:22:07Z")
    }

    @Test("a date in the URL's path confirms a candidate on that day in UTC, which keeps its own zone")
    func urlDayInUTC() throws {
        let record = try Self.page(
            head: #"<link rel="canonical" href="https://example.org/news/2023-12-20/story">"#,
            body: #"<time datetime="2023-12-19T23:30:00-05:00">2023-12-19 23:30 EST</time>"#)
        #expect(record.datePublished?.description == "2023-12-19T23:30:00-05:00")
    }

    @Test("a <time> under the headline comes before those above it, in menus and sidebars")
    func timeUnderHeadline() throws {
        let record = try Self.page(
            head: "<title>A story</title>",
            body: """
                <ul class="latest"><li><time datetime="2023-12-24T13:05:00-05:00">13:05</time> Another story</li></ul>
                <h1>A story</h1><p>posted on <time datetime="2023-12-19T17:45:00-05:00">Dec 19</time></p>
                """)
        #expect(record.datePublished?.description == "2023-12-19T17:45:00-05:00")
    }

    @Test("the zone of the date a page shows gives the local day of a UTC time at the same minute")
    func shownZone() throws {
        let head = #"<meta property="article:published_time" content="2023-12-20T01:00:21.174Z">"#
        let shown = try Self.page(head: head, body: #"<div class="timestamp">Published 8:00 PM EST, Tue December 19, 2023</div>"#)
        #expect(shown.datePublished?.description == "2023-12-19T20:00:21.174-05:00")
        let otherMinute = try Self.page(head: head, body: #"<div class="timestamp">Published 6:00 PM EST, Tue December 19, 2023</div>"#)
        #expect(otherMinute.datePublished?.description == "2023-12-20T01:00:21.174Z")
    }

    @Test("a shown date without a time is confirmed by a candidate on its day, not one at its midnight in UTC")
    func shownDayNotInstant() throws {
        let record = try Self.page(
            head: """
                <meta property="article:published_time" content="2023-12-18T19:00:00-05:00">
                <meta property="article:modified_time" content="2023-12-19T08:00:00-05:00">
                """,
            body: #"<p class="dateline">December 19, 2023</p>"#)
        #expect(record.datePublished?.description == "2023-12-19T08:00:00-05:00")
    }

    @Test("the first short text under the headline that reads as a date is the date the page shows")
    func datelineUnderHeadline() throws {
        let alone = try Self.page(
            head: "<title>A story</title>",
            body: #"<h1>A story</h1><div class="general-info">Dec 20, 2023 <span class="read-time">6 min read</span></div>"#)
        #expect(alone.datePublished?.description == "2023-12-20")
        let republished = try Self.page(
            head: Self.republished, body: "<h1>A story</h1><h4>By Ada Byron</h4><h4>November 27, 2023</h4>")
        #expect(republished.datePublished?.description == "2023-11-27T11:20:00.000Z")
        let longParagraph = try Self.page(
            head: "<title>A story</title>",
            body: "<h1>A story</h1><p>The council met on December 20, 2023, and voted to close the old bridge for good.</p>")
        #expect(longParagraph.datePublished == nil)
    }

    @Test("a page that gives no publication date at all is dated by its last revision")
    func revisionOnly() throws {
        let record = try Self.page(head: #"<meta property="article:modified_time" content="2023-09-04T19:51:56Z">"#)
        #expect(record.datePublished?.description == "2023-09-04T19:51:56Z")
    }

    @Test("a dateline far from any date marker, or in a paragraph, is not taken")
    func noDateline() throws {
        let record = try Self.page(
            head: "<title>A story</title>", body: "<p class=\"intro\">On December 20, 2023 the council met.</p>")
        #expect(record.datePublished == nil)
    }

    // MARK: Authors

    @Test(
        "a byline in the page gives its names: By A and B, By A, B and C",
        arguments: [
            (#"<div class="byline">By Ada Byron and Alan Turing</div>"#, ["Ada Byron", "Alan Turing"]),
            (#"<p class="story-byline">By Ada Byron, Alan Turing and Grace Hopper</p>"#, ["Ada Byron", "Alan Turing", "Grace Hopper"]),
            (#"<span itemprop="author">Grace Hopper</span>"#, ["Grace Hopper"]),
        ])
    func byline(markup: String, expected: [String]) throws {
        let record = try Self.page(head: "<title>A story</title>", body: markup)
        #expect(record.authors == expected)
    }

    @Test("a link to an author's page names the author when nothing else does; a desk or the site does not")
    func profileLink() throws {
        let writer = try Self.page(
            head: "<title>A story</title>",
            body: #"<span>By <a href="/writer/1218373/Cam_Kettles/">Cam E. Kettles</a>, Staff Writer</span>"#)
        #expect(writer.authors == ["Cam E. Kettles"])
        let desk = try Self.page(
            head: #"<meta property="og:site_name" content="Example News"><title>A story</title>"#,
            body: #"<a href="/author/example-news/">Example News</a>"#)
        #expect(desk.authors == [])
    }

    @Test("rel=author links name the authors")
    func relAuthor() throws {
        let record = try Self.page(head: "<title>A story</title>", body: #"<a rel="author" href="/ada">Ada Byron</a>"#)
        #expect(record.authors == ["Ada Byron"])
    }

    @Test("JSON-LD authors as an array, an object or an @id reference into the @graph")
    func jsonLDAuthors() throws {
        let array = try Self.page(
            head:
                #"<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Ada Byron"}, "Alan Turing"]}</script>"#
        )
        #expect(array.authors == ["Ada Byron", "Alan Turing"])
        let reference = try Self.page(
            head: """
                <script type="application/ld+json">{"@graph": [
                 {"@type": "NewsArticle", "headline": "A story", "author": {"@id": "https://example.org/#/person/1"}},
                 {"@type": "Person", "@id": "https://example.org/#/person/1", "name": "Grace Hopper"}]}</script>
                """)
        #expect(reference.authors == ["Grace Hopper"])
    }

    @Test("a meta author with several names gives each")
    func metaAuthors() throws {
        let record = try Self.page(head: #"<meta name="author" content="Ada Byron, Alan Turing and Grace Hopper">"#)
        #expect(record.authors == ["Ada Byron", "Alan Turing", "Grace Hopper"])
    }

    @Test(
        "no author is a date, a role or the site's name; lead-ins, affiliations and agencies are cut off",
        arguments: [
            (#"<meta name="author" content="Staff Writer">"#, [String]()),
            (#"<meta property="og:site_name" content="Tennis.com"><meta name="author" content="Tennis.com">"#, []),
            (#"<meta name="author" content="December 20, 2023">"#, []),
            (#"<meta name="author" content="View all posts by Will Macmaster">"#, ["Will Macmaster"]),
            (#"<meta name="author" content="Jeremy Schneider | NJ Advance Media">"#, ["Jeremy Schneider"]),
            (#"<meta name="author" content="Noah Eastwood,">"#, ["Noah Eastwood"]),
            (
                #"<meta property="og:site_name" content="Financial Times"><meta name="author" content="Ada Byron and Alan Turing, Financial Times">"#,
                ["Ada Byron", "Alan Turing"]
            ),
            (
                #"<meta property="og:site_name" content="Battle Creek Enquirer"><meta name="author" content="Greyson Steele Battle Creek Enquirer">"#,
                ["Greyson Steele"]
            ),
            (#"<meta name="author" content="Review by Rick Lane Contributor">"#, ["Rick Lane"]),
        ])
    func notAuthors(head: String, expected: [String]) throws {
        let record = try Self.page(head: head)
        #expect(record.authors == expected)
    }

    @Test("when the metadata's author is only the site, the byline in the page names the person")
    func siteThenByline() throws {
        let record = try Self.page(
            head: #"<meta property="og:site_name" content="Top Gear"><meta name="author" content="Top Gear">"#,
            body: #"<div class="author-name">Greg Potts</div>"#)
        #expect(record.authors == ["Greg Potts"])
    }
}
