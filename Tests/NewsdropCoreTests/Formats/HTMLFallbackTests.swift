import NewsdropCore
import Testing

@Suite("HTML pages whose main-text walk finds nothing")
struct HTMLFallbackTests {
    /// A page builder's layout: every paragraph in an element whose class names a widget, which
    /// the main-text walk takes for boilerplate.
    let builderPage = """
        <html><head><title>Growing tomatoes</title></head><body>
        <nav><a href="/">Home</a> <a href="/garden">Garden</a></nav>
        <div class="builder-widget-wrap"><div class="builder-widget-container">
          <p>Tomatoes need at least six hours of direct sun a day, and more is better for the fruit.</p>
        </div></div>
        <div class="builder-widget-wrap"><div class="builder-widget-container">
          <p>Water them deeply twice a week rather than a little every day, so that the roots grow down.</p>
        </div></div>
        <div class="builder-widget-wrap"><div class="builder-widget-container">
          <p>Stake the plants early: a stake driven in later can split the roots you cannot see.</p>
        </div></div>
        </body></html>
        """

    @Test("the densest container is taken with class names ignored, and the record says so")
    func classNamesIgnored() throws {
        let record = try Parse.one(builderPage, name: "page.html")
        #expect(record.text.contains("six hours of direct sun"))
        #expect(record.text.contains("Stake the plants early"))
        #expect(!record.text.contains("Garden"))
        #expect(record.warnings.contains { $0.contains("main-text walk found no text") && $0.contains("class and id names ignored") })
    }

    @Test("an ordinary article page gives no fallback warning")
    func mainTextNoWarning() throws {
        let page = builderPage.replacingOccurrences(of: "builder-widget", with: "entry")
        let record = try Parse.one(page, name: "page.html")
        #expect(record.text.contains("six hours of direct sun"))
        #expect(!record.warnings.contains { $0.contains("main-text walk") })
    }

    @Test("a page with no text but navigation is still rejected as no_text")
    func emptyPage() {
        let page = "<html><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><div id=\"app\"></div></body></html>"
        #expect(Parse.rejection(Array(page.utf8), name: "page.html")?.reason == "no_text")
    }

    @Test("a button the page leaves open (an unclosed element inside it) does not hide the text after it")
    func unclosedButton() throws {
        let page = """
            <html><head><title>Digital marketing</title></head><body>
            <header><button class="menu"><div>Menu<div></button></header>
            <main><p>Digital marketing is the use of websites, apps, mobile devices and search engines to sell products.</p>
            <p>It grew with the web, and most firms now spend more on it than on print, radio and television together.</p></main>
            </body></html>
            """
        let record = try Parse.one(page, name: "page.html")
        #expect(record.text.contains("Digital marketing is the use of websites"))
        #expect(record.text.contains("spend more on it than on print"))
        #expect(!record.text.contains("Menu"))
    }

    @Test("a forum thread that shows its posts only in <noscript> gives them, and the record says so")
    func noscriptThread() throws {
        let page = """
            <html><head><title>Struggling with getting stronger</title></head><body>
            <div id="app"></div>
            <noscript><div class="topic-body"><p>I have been doing the exercises for six weeks and my legs still give way on the stairs.</p></div>
            <div class="topic-body"><p>Six weeks is not long; my physio told me to expect three months before the first real change.</p></div></noscript>
            </body></html>
            """
        let record = try Parse.one(page, name: "thread.html")
        #expect(record.text.contains("my legs still give way on the stairs"))
        #expect(record.text.contains("expect three months"))
        #expect(record.warnings.contains { $0.contains("no text without its scripts") && $0.contains("noscript and hidden") })
    }

    @Test("a thread whose JSON-LD holds only summaries of its posts gives the full posts from <noscript>")
    func noscriptOverSummary() throws {
        let page = """
            <html><head><title>Longer chain after February</title>
            <script type="application/ld+json">{"@context": "http://schema.org", "@type": "DiscussionForumPosting",
              "headline": "Longer chain after February", "text": "We provide a service that orders certificates&hellip;",
              "comment": [{"@type": "Comment", "text": "Have you seen the announcement&hellip;"}]}</script></head>
            <body><div id="app"></div>
            <noscript><div class="post"><p>We provide a service that orders certificates from the authority for our customers.</p>
            <p>Can our users keep asking for the longer chain after the default changes in February?</p></div>
            <div class="post"><p>Have you seen the announcement and its blog post? It answers that: the longer chain stays available.</p></div>
            </noscript></body></html>
            """
        let record = try Parse.one(page, name: "thread.html")
        #expect(record.text.contains("keep asking for the longer chain"))
        #expect(record.text.contains("the longer chain stays available"))
        #expect(!record.text.contains("&hellip;"))
        #expect(record.warnings.contains { $0.contains("without its scripts") })
    }

    @Test("a page streamed into a hidden element, with nothing visible, gives the hidden text")
    func hiddenSegment() throws {
        let page = """
            <html><body><template id="B:0"></template>
            <div hidden id="S:0"><main><h1>The only SEO tutorials you need</h1>
            <p>Search engine optimisation is learned best from a few good tutorials rather than from hundreds of posts.</p>
            <p>These nineteen cover keywords, links, technical audits and reporting, each with a worked example.</p></main></div>
            </body></html>
            """
        let record = try Parse.one(page, name: "page.html")
        #expect(record.text.contains("learned best from a few good tutorials"))
        #expect(record.warnings.contains { $0.contains("no text without its scripts") })
    }

    @Test("a page that shows only a few words, its article streamed into a hidden element, gives the article")
    func littleVisibleText() throws {
        let page = """
            <html><body><div class="byline">by Jo Marsh</div><template id="B:1"></template>
            <div hidden id="S:1"><div><p id="block1">There is a debate among researchers between pragmatic and ambitious approaches.</p>
            <ul><li id="block3">Pragmatic work grounds each problem in a task whose success can be measured.</li>
            <li id="block4">Ambitious work aims to explain the whole system, whatever that costs.</li></ul></div></div>
            </body></html>
            """
        let record = try Parse.one(page, name: "post.html")
        #expect(record.text.contains("pragmatic and ambitious approaches"))
        #expect(record.text.contains("whatever that costs"))
        #expect(record.warnings.contains { $0.contains("little or no text without its scripts") })
    }

    @Test("a page whose markup has visible text does not read its <noscript> or hidden elements")
    func visibleTextWins() throws {
        let page = """
            <html><body><main><p>\(englishParagraph)</p></main>
            <noscript><p>Please enable JavaScript to use every feature of this site, including comments.</p></noscript>
            <div hidden><p>A hidden drawer with the full list of the site's sections and its newsletters.</p></div></body></html>
            """
        let record = try Parse.one(page, name: "page.html")
        #expect(record.text.contains("bus network"))
        #expect(!record.text.contains("enable JavaScript"))
        #expect(!record.text.contains("hidden drawer"))
        #expect(!record.warnings.contains { $0.contains("scripts") })
    }
}

@Suite("HTML pages that show no article, only a wall or an error")
struct HTMLBoilerplatePageTests {
    func rejection(_ page: String) -> RejectionError? {
        Parse.rejection(Array(page.utf8), name: "page.html")
    }

    @Test("a cookie wall over an empty page is rejected as no_text, and the message says it was a wall")
    func cookieWall() {
        let error = rejection(
            """
            <html><head><title>Example News</title></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <div id="consent-overlay" class="cmp-wrapper"><h2>We value your privacy</h2><p>We and our partners use cookies and \
            similar technologies to store and access information on your device, to personalise ads and content.</p>
            <button>Accept all</button><button>Manage options</button></div></body></html>
            """)
        #expect(error?.reason == "no_text")
        #expect(error?.message.contains("cookie, consent or login wall") == true)
    }

    @Test("a login form over an empty page is rejected as no_text")
    func loginWall() {
        let error = rejection(
            """
            <html><head><title>Sign in - Example Forum</title></head><body><main><form action="/login" method="post">
            <h1>Sign in to continue</h1><p>You need an account to read this thread. Please sign in with your user name and password.</p>
            <label>User name</label><input name="user"><label>Password</label><input type="password" name="pw"><button>Sign in</button>
            </form></main></body></html>
            """)
        #expect(error?.reason == "no_text")
        #expect(error?.message.contains("login wall") == true)
    }

    @Test(
        "a server's error page is rejected as no_text, with its title",
        arguments: [
            "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>",
            "<html><head><title>Fehler 404 - Seite nicht gefunden</title></head><body><p>Die angeforderte Seite existiert leider nicht mehr.</p></body></html>",
            "<html><head><title>Page not found | Example</title></head><body><main><h1>Oops! That page can't be found.</h1><p>It looks like nothing was found at this location.</p></main></body></html>",
        ])
    func errorPage(page: String) {
        let error = rejection(page)
        #expect(error?.reason == "no_text")
        #expect(error?.message.contains("only an error message") == true)
    }

    @Test("an article beside a cookie banner, on a page whose classes name cookies, is kept")
    func articleWithBanner() throws {
        let record = try Parse.one(
            """
            <html><body class="single-post cookies-not-set consent-management-enabled"><main><p>\(englishParagraph)</p></main>
            <div class="cookie-notice"><p>We use cookies to give you the best experience on our website.</p></div></body></html>
            """, name: "page.html")
        #expect(record.text.contains("bus network"))
        #expect(!record.text.contains("We use cookies"))
    }

    @Test("a short article in a wrapper whose class names a login modal, or in an element named bloginfo, is kept")
    func shortArticleInNamedWrapper() throws {
        let wrapped = try Parse.one(
            """
            <html><body><div id="page" class="login-modal-open"><header><a href="/">Example</a></header>
            <main><p>The library opens its new reading room on Monday, with late hours on Thursdays.</p></main>
            <footer>Example Town</footer></div></body></html>
            """, name: "page.html")
        #expect(wrapped.text.contains("new reading room"))
        let post = try Parse.one(
            """
            <html><body><div class="bloginfo"><p>The club meets again on Saturday at ten, at the boathouse by the bridge.</p></div></body></html>
            """, name: "page.html")
        #expect(post.text.contains("meets again on Saturday"))
    }

    @Test(
        "a short brief whose title holds a number like a status code is kept",
        arguments: ["S&amp;P 500 closes at a record high", "Carmaker recalls 500 cars over a software error"])
    func shortBriefWithNumber(title: String) throws {
        let record = try Parse.one(
            """
            <html><head><title>\(title)</title></head><body><main>\
            <p>The carmaker said on Friday that the fault was found in testing and that no one was hurt.</p></main></body></html>
            """, name: "page.html")
        #expect(record.text.contains("no one was hurt"))
    }
}

@Suite("HTML forum threads drawn by script")
struct HTMLDiscussionTests {
    @Test("a question-and-answer page whose markup holds no posts gives the thread from its JSON-LD, markup in posts read as text")
    func questionAndAnswers() throws {
        let page = """
            <html><head><title>Boiler pressure drops overnight</title>
            <script type="application/ld+json">{"@context": "http://schema.org", "@type": "QAPage", "name": "Boiler pressure drops overnight",
              "mainEntity": {"@type": "Question", "name": "Boiler pressure drops overnight",
                "text": "My boiler loses about half a bar every night, and I cannot find a leak anywhere in the house.",
                "acceptedAnswer": {"@type": "Answer", "text": "<p>Check the <b>pressure relief valve</b> outside: a drip there is the usual cause.</p>"},
                "suggestedAnswer": [{"@type": "Answer", "text": "The expansion vessel may need air; a plumber can recharge it in minutes &ndash; cheaply."}]}}
            </script></head>
            <body><div id="app"></div><nav><a href="/">Forum</a></nav></body></html>
            """
        let record = try Parse.one(page, name: "thread.html")
        #expect(record.text.hasPrefix("My boiler loses about half a bar"))
        #expect(record.text.contains("Check the pressure relief valve outside"))
        #expect(!record.text.contains("<b>"))
        #expect(record.text.contains("recharge it in minutes – cheaply"))
        #expect(record.warnings.contains { $0.contains("thread's posts in its JSON-LD") })
    }
}
