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

    @Test("a page with no visible text but navigation is still rejected as no_text")
    func emptyPage() {
        let page = "<html><body><nav><a href=\"/\">Home</a></nav><div hidden><p>A hidden paragraph of some length.</p></div></body></html>"
        #expect(Parse.rejection(Array(page.utf8), name: "page.html")?.reason == "no_text")
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
                "suggestedAnswer": [{"@type": "Answer", "text": "The expansion vessel may need air; a plumber can recharge it in minutes."}]}}
            </script></head>
            <body><div id="app"></div><nav><a href="/">Forum</a></nav></body></html>
            """
        let record = try Parse.one(page, name: "thread.html")
        #expect(record.text.hasPrefix("My boiler loses about half a bar"))
        #expect(record.text.contains("Check the pressure relief valve outside"))
        #expect(!record.text.contains("<b>"))
        #expect(record.text.contains("expansion vessel"))
        #expect(record.warnings.contains { $0.contains("thread's posts in its JSON-LD") })
    }
}
