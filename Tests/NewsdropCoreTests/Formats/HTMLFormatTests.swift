import NewsdropCore
import Testing

@Suite("HTML pages: metadata and main text")
struct HTMLFormatTests {
    let page = """
        <!DOCTYPE html>
        <html lang="en-gb">
        <head>
          <meta charset="utf-8">
          <title>Buses | Example News</title>
          <meta property="og:title" content="Council expands bus network">
          <meta property="og:site_name" content="Example News">
          <meta property="article:published_time" content="2025-09-04T10:30:00+01:00">
          <meta name="author" content="Ada Byron">
          <link rel="canonical" href="https://example.org/buses">
          <script>var tracking = "<p>not text</p>";</script>
        </head>
        <body>
          <div class="cookie-banner">We use cookies. Accept all cookies to continue reading this site.</div>
          <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
          <header><h1>Council expands bus network</h1></header>
          <article>
            <p>The city council voted on Tuesday to expand the bus network into the northern suburbs, after months of debate.</p>
            <div class="ad-slot">Advertisement: buy a car today, the best deals of the season are waiting for you</div>
            <h2>What changes</h2>
            <p>Two new routes will run from October, and buses will come every ten minutes during the morning rush.</p>
            <p>Drivers will be hired over the summer, the transport department said in a statement on Wednesday.</p>
            <aside class="related"><a href="/1">Related: trams return to the centre after a decade of planning work</a></aside>
          </article>
          <section id="comments"><p>Great news, finally! I have waited for this bus line for years and years now.</p></section>
          <footer><p>Copyright 2025 Example News. All rights reserved. Contact us for licensing of our articles.</p></footer>
        </body>
        </html>
        """

    @Test("the article body is kept; navigation, ads, related links, comments, cookie banner and footer are not")
    func mainText() throws {
        let record = try Parse.one(page, name: "page.html")
        #expect(record.inputFormat == .html)
        #expect(
            record.blocks == [
                TextBlock(
                    .paragraph,
                    "The city council voted on Tuesday to expand the bus network into the northern suburbs, after months of debate."),
                TextBlock(.subheading, "What changes"),
                TextBlock(
                    .paragraph, "Two new routes will run from October, and buses will come every ten minutes during the morning rush."),
                TextBlock(.paragraph, "Drivers will be hired over the summer, the transport department said in a statement on Wednesday."),
            ])
    }

    @Test("metadata comes from OpenGraph, article:* meta, canonical link and <html lang>")
    func metadata() throws {
        let record = try Parse.one(page)
        #expect(record.title == "Council expands bus network")
        #expect(record.sourceName == "Example News")
        #expect(record.datePublished?.description == "2025-09-04T10:30:00+01:00")
        #expect(record.authors == ["Ada Byron"])
        #expect(record.url == "https://example.org/buses")
        #expect(record.language == "en-GB")
    }

    @Test("JSON-LD NewsArticle wins for headline, date, authors and publisher")
    func jsonLD() throws {
        let record = try Parse.one(
            """
            <html><head><script type="application/ld+json">
            {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", "headline": "From JSON-LD",
             "datePublished": "2025-09-04", "author": {"@type": "Person", "name": "Ada Byron"}, "publisher": {"name": "Example"}}]}
            </script><title>Other</title></head>
            <body><p>\(englishParagraph)</p><p>\(englishParagraph) Again.</p></body></html>
            """)
        #expect(record.title == "From JSON-LD")
        #expect(record.datePublished?.description == "2025-09-04")
        #expect(record.authors == ["Ada Byron"])
        #expect(record.sourceName == "Example")
    }

    /// Teaser cards, each a paragraph of real prose, more of it than the article has.
    static let teaserColumn = (1...4).map { number in
        "<div class=\"card\"><p>Teaser \(number): the harbour reopens after a long winter, with ferries to the islands every hour.</p></div>"
    }.joined()

    @Test("the element the page names as the article's body is read, though a column of teasers holds more prose")
    func declaredBody() throws {
        let record = try Parse.one(
            """
            <html><body><div class="layout">
              <div class="story-column"><div class="article-body"><p>\(englishParagraph)</p><p>The vote passed by nine to four.</p></div></div>
              <div class="grid">\(Self.teaserColumn)</div>
            </div></body></html>
            """)
        #expect(record.text == englishParagraph + "\n\nThe vote passed by nine to four.")
    }

    @Test("an article split into chunks named alike is read whole, and a column of teasers is not")
    func chunkedBody() throws {
        let chunks = ["First", "Second", "Third"].map { "<div class=\"body-text\"><p>\($0) part: \(englishParagraph)</p></div>" }
        let record = try Parse.one(
            """
            <html><body><main>
              <div class="story">\(chunks[0])<div class="advert">Advertisement</div>\(chunks[1])\(chunks[2])</div>
              <div class="grid">\(Self.teaserColumn)</div>
            </main></body></html>
            """)
        #expect(record.blocks.map(\.text) == ["First", "Second", "Third"].map { "\($0) part: \(englishParagraph)" })
    }

    @Test("a wrapper around the whole article that carries a boilerplate class is still read")
    func markedWrapper() throws {
        let record = try Parse.one(
            """
            <html><body><div class="share-tools-wrapper"><div class="entry">
              <p>\(englishParagraph)</p><p>\(englishParagraph) Again.</p>
            </div></div><nav><p>Home, News, Sport, Weather, Culture, Travel, Future, Worklife and more sections</p></nav></body></html>
            """)
        #expect(record.blocks.map(\.text) == [englishParagraph, englishParagraph + " Again."])
    }

    @Test("a column of teaser cards marked as a sidebar is dropped, though it holds more prose than the article")
    func teaserSidebar() throws {
        let record = try Parse.one(
            """
            <html><body><div id="content">
              <div id="main"><p>\(englishParagraph)</p><p>The vote passed by nine to four, after a long debate on costs.</p></div>
              <div id="sidebar">\(Self.teaserColumn)</div>
            </div></body></html>
            """)
        #expect(record.blocks.map(\.text) == [englishParagraph, "The vote passed by nine to four, after a long debate on costs."])
    }

    @Test("an image caption, named by a class such as imageCaption, is not body text")
    func captions() throws {
        let record = try Parse.one(
            """
            <html><body><article><p>\(englishParagraph)</p>
              <div class="artSplitter"><img src="bus.jpg"><p class="imageCaption">A new bus waits at the depot in the northern suburbs on Tuesday morning</p></div>
              <p>\(englishParagraph) Again.</p></article></body></html>
            """)
        #expect(record.blocks.map(\.text) == [englishParagraph, englishParagraph + " Again."])
    }

    @Test("a table a block editor wraps in a <figure> is body text; an image's figure and its caption are not")
    func tableInFigure() throws {
        let record = try Parse.one(
            """
            <html><body><article><p>\(englishParagraph)</p>
              <figure class="wp-block-table"><table><tr><td>Wisconsin</td><td>75.5</td></tr><tr><td>Illinois</td><td>70.2</td></tr></table></figure>
              <figure><img src="bus.jpg"><figcaption>A new bus waits at the depot in the northern suburbs on Tuesday</figcaption></figure>
              <p>\(englishParagraph) Again.</p></article></body></html>
            """)
        #expect(record.blocks.map(\.text) == [englishParagraph, "Wisconsin", "75.5", "Illinois", "70.2", englishParagraph + " Again."])
    }

    @Test("a page builder's widgets inside <main> are body text; widgets outside it and a call to action are not")
    func builderWidgets() throws {
        let record = try Parse.one(
            """
            <html><body><main><h1>Pricing for electrical services</h1>
              <div class="so-panel widget widget_sow-editor"><p>\(englishParagraph)</p></div>
              <div class="textwidget custom-html-widget"><p>Replacing a circuit breaker in the panel costs from 89 to 249 dollars, parts included.</p></div>
              <div class="zone-widget custom-cta-letter"><p>Support our newsroom and make a difference for readers everywhere, every day.</p></div>
            </main>
            <div class="widget widget_recent_entries"><p>Our most recent posts, from the blog, for readers who want to know more about us.</p></div>
            </body></html>
            """)
        #expect(record.text.contains("bus network"))
        #expect(record.text.contains("Replacing a circuit breaker"))
        #expect(!record.text.contains("Support our newsroom"))
        #expect(!record.text.contains("Our most recent posts"))
    }

    @Test("an article's story element that also names a paywall is read, and the site's disclaimer after it is not")
    func paywallStory() throws {
        let record = try Parse.one(
            """
            <html><body><article><div class="byline">By Margaret Schmidt</div>
              <div class="article__story paywall"><p>Sixteen new officers have joined the police department this week.</p>
              <p>They were sworn in on Tuesday at city hall, before their families and the mayor.</p></div>
              <p class="article__paragraph">If you purchase a product or register for an account through a link on our site, \
            we may receive compensation, and by using this site you consent to our user agreement.</p></article></body></html>
            """)
        #expect(record.text.hasPrefix("Sixteen new officers"))
        #expect(record.text.contains("sworn in on Tuesday"))
    }

    @Test("a framework's @event attribute whose value holds => does not spill the rest of its value into the text")
    func eventAttributes() throws {
        let record = try Parse.one(
            """
            <html><body><main><div class="steps" @closemobile="rootOpen = false; $nextTick( () => $refs.openButton.focus() )"
              x-init="menu = [{'post_content':' ','post_title':'Plumbing','post_status':'publish','comment_status':'closed'}]">
              <p>\(englishParagraph)</p><p>Mail the desk at news@example.org with tips @ any hour.</p></div></main></body></html>
            """)
        #expect(record.text.hasPrefix("The city council"))
        #expect(!record.text.contains("openButton"))
        #expect(!record.text.contains("post_content"))
        #expect(record.text.contains("news@example.org with tips @ any hour"))
    }

    @Test("a recipe's ingredient and step lists are its text, beside the paragraphs that introduce it")
    func recipeLists() throws {
        let record = try Parse.one(
            """
            <html><head><title>Easy banana bread</title></head><body><nav><a href="/">Home</a> <a href="/recipes">Recipes</a></nav>
            <main><article><h1>Easy banana bread</h1>
            <div class="intro"><p>This banana bread is moist, quick and uses the brown bananas that sit on every counter by Friday.</p>
              <p>It keeps for three days wrapped in a cloth, and freezes well in slices for school lunches.</p></div>
            <div class="recipe-card"><h2>Ingredients</h2>
              <ul><li>3 ripe bananas</li><li>75 g melted butter</li><li>150 g sugar</li><li>1 egg, beaten</li><li>190 g flour</li></ul>
              <h2>Instructions</h2>
              <ol><li>Heat the oven to 175 °C.</li><li>Mash the bananas in a bowl.</li><li>Stir in the butter, sugar and egg.</li>
              <li>Mix in the flour.</li><li>Bake in a loaf tin for an hour.</li></ol></div></article></main>
            <aside><h3>More recipes</h3><p><a href="/a">Apple pie</a></p></aside></body></html>
            """)
        #expect(record.text.hasPrefix("This banana bread is moist"))
        #expect(record.blocks.contains(TextBlock(.subheading, "Ingredients")))
        #expect(record.text.contains("3 ripe bananas\n\n75 g melted butter"))
        #expect(record.text.contains("Bake in a loaf tin for an hour."))
        #expect(!record.text.contains("Apple pie"))
    }

    @Test("a page whose markup holds less than half of its JSON-LD articleBody is read from the articleBody")
    func articleBodyRenderedByScript() throws {
        let body = "\(englishParagraph)\\n\(englishParagraph) Again.\\n\(englishParagraph) Once more."
        let record = try Parse.one(
            """
            <html><head><script type="application/ld+json">
            {"@type": "NewsArticle", "headline": "Buses", "articleBody": "\(body)"}
            </script></head>
            <body><div class="banner"><p>By using this site you agree that your clicks may be collected and stored by us.</p></div>
            <div id="root"></div></body></html>
            """)
        #expect(record.text == "\(englishParagraph)\n\n\(englishParagraph) Again.\n\n\(englishParagraph) Once more.")
    }

    @Test("the charset comes from <meta charset>; broken markup is still read")
    func charsetAndBrokenMarkup() throws {
        var bytes = Array("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><p>".utf8)
        bytes += Array("Caf".utf8) + [0xE9] + Array(" owners said ".utf8) + [0x93] + Array("business is good".utf8) + [0x94]
        bytes += Array(" this year, and the terrace stays open until October<p>Second <b>unclosed paragraph".utf8)
        let record = try #require(try Parse.all(bytes).records.first)
        #expect(record.text.hasPrefix("Café owners said “business is good” this year"))
        #expect(record.text.hasSuffix("Second unclosed paragraph"))
    }

    @Test("UTF-16 with a byte order mark is decoded before the format is chosen")
    func utf16() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<html><body><p>Ünïcödé text in UTF-16.</p></body></html>".utf16 {
            bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let record = try #require(try Parse.all(bytes).records.first)
        #expect(record.inputFormat == .html)
        #expect(record.text == "Ünïcödé text in UTF-16.")
    }
}
