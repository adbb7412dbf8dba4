import Foundation

/// Web pages: metadata from JSON-LD, OpenGraph and `article:*` meta, `<title>`, `<time>` and
/// `<html lang>`; the body from `MainTextExtractor`.
enum HTMLReader {
    static func read(_ bytes: [UInt8]) throws(RejectionError) -> ArticleDraft {
        let declared = declaredCharset(bytes)
        let decoded = try TextDecoding.decode(prepared(bytes, removing: ScriptStripper.removed), declared: declared)
        guard let document = MarkupDocument.html(utf8: decoded.text), let root = document.root else {
            throw .invalidMarkup("no HTML element")
        }
        // One walk over the body serves both the metadata and the main text; the head is walked
        // on its own (the text walk does not enter it).
        var collector = PageMetadata.Collector()
        for child in root.children where child.isNamed("head") { collector.observeTree(child) }
        let (blocks, path) = MainTextExtractor().extract(
            from: root, observing: PageMetadata.Collector.names, observe: { collector.observe($0) })
        let page = PageMetadata(collector, root: root)
        var draft = ArticleDraft(format: .html)
        draft.warnings = decoded.warnings
        draft.title = page.title
        draft.authors = page.authors
        draft.dateRaw = page.dateRaw
        draft.language = page.language
        draft.url = page.url
        draft.sourceName = page.siteName
        draft.extra = page.extra
        draft.blocks = MainTextExtractor.droppingRepeatedTitle(blocks, title: page.title)
        // A reader can filter on how the text was found.
        let declaredBody = page.declaredBody.flatMap { Self.prefersDeclaredBody($0.blocks, over: draft) ? $0 : nil }
        let markupLength = draft.hasText ? Self.length(draft.blocks) : 0
        if markupLength < Self.littleText || declaredBody != nil,
            let scripted = try? scriptedText(bytes, declared: declared, title: page.title),
            Self.length(scripted) > max(Self.length(declaredBody?.blocks ?? []), markupLength * 2)
        {
            // The markup gives little: the page's scripts draw it, and its crawler view in
            // <noscript> can hold more than the JSON-LD's summary.
            draft.blocks = scripted
            let path = MainTextExtractor.Path.scriptedText.rawValue
            draft.warnings.append("the page shows little or no text without its scripts; it came from \(path)")
        } else if let declaredBody {
            draft.blocks = declaredBody.blocks
            draft.warnings.append("the page's text came from \(declaredBody.source)")
        } else if path != .mainText, draft.hasText {
            draft.warnings.append("the main-text walk found no text; it came from \(path.rawValue)")
        }
        if !draft.hasText, path == .wall { throw .boilerplateOnly(path.rawValue) }
        let titles = [collector.documentTitle].compactMap { $0 } + collector.headings.prefix(1)
        if BoilerplatePage.isErrorPage(titles: titles, blocks: draft.blocks) {
            throw .boilerplateOnly("an error message (\(titles.first ?? ""))")
        }
        return draft
    }

    /// The body of a page whose markup gives little or no text, read as its scripts would show
    /// it: a forum's posts in `<noscript>`, a streamed page's segments in hidden elements. Nil
    /// when that gives no text either.
    private static func scriptedText(_ bytes: [UInt8], declared: String?, title: String?) throws(RejectionError) -> [TextBlock]? {
        let decoded = try TextDecoding.decode(prepared(bytes, removing: ScriptStripper.removedWithoutScripts), declared: declared)
        guard let document = MarkupDocument.html(utf8: decoded.text), let root = document.root else { return nil }
        var extractor = MainTextExtractor()
        extractor.revealsHidden = true
        let blocks = MainTextExtractor.droppingRepeatedTitle(extractor.extract(from: root).blocks, title: title)
        return blocks.isEmpty ? nil : blocks
    }

    /// The page's bytes as the parser gets them: `removing` cut out (`ScriptStripper`), and
    /// framework event attributes renamed (`ScriptEventAttributes`).
    private static func prepared(_ bytes: [UInt8], removing: [StaticString]) -> [UInt8] {
        var stripped = ScriptStripper.strip(bytes, removing: removing)
        ScriptEventAttributes.rename(in: &stripped)
        return stripped
    }

    /// Whether the body the JSON-LD declares is the better text: when the page's markup gave none,
    /// or less than half as much (the article or thread is drawn by script, and the markup held a
    /// banner).
    static func prefersDeclaredBody(_ body: [TextBlock], over draft: ArticleDraft) -> Bool {
        guard draft.hasText else { return !body.isEmpty }
        return Double(length(body)) > Double(length(draft.blocks)) * 2
    }

    /// Markup text shorter than this (UTF-8 bytes) is little enough that the page may draw its
    /// body by script: a post's byline alone, say.
    static let littleText = 200

    /// The UTF-8 length of the blocks' text.
    private static func length(_ blocks: [TextBlock]) -> Int { blocks.reduce(0) { $0 + $1.text.utf8.count } }

    /// The charset a page names in its first 4 KB (`<meta charset>`, `http-equiv` Content-Type or an
    /// XML declaration).
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(4096).map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        let key = Array("charset".utf8)
        var index = 0
        while index + key.count < head.count {
            defer { index += 1 }
            guard head[index] == key[0], Array(head[index..<(index + key.count)]) == key else { continue }
            var cursor = index + key.count
            while cursor < head.count, head[cursor] == 0x20 { cursor += 1 }
            guard cursor < head.count, head[cursor] == UInt8(ascii: "=") else { continue }
            cursor += 1
            while cursor < head.count, [0x20, UInt8(ascii: "\""), UInt8(ascii: "'")].contains(head[cursor]) { cursor += 1 }
            let start = cursor
            while cursor < head.count, isLabelByte(head[cursor]) { cursor += 1 }
            if cursor > start { return String(decoding: head[start..<cursor], as: UTF8.self) }
        }
        if head.starts(with: Array("<?xml".utf8)) {
            let text = String(decoding: head, as: UTF8.self)
            if let range = text.range(of: "encoding=") {
                let value = text[range.upperBound...].dropFirst().prefix { $0 != "\"" && $0 != "'" }
                if !value.isEmpty { return String(value) }
            }
        }
        return nil
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
    }
}

/// What a page's head and JSON-LD say about its article.
struct PageMetadata {
    var title: String?
    var authors: [String] = []
    var dateRaw: String?
    var language: String?
    var url: String?
    var siteName: String?
    /// The body the JSON-LD declares: the article's `articleBody`, else the posts of a
    /// question-and-answer page or forum thread; with where it came from, for the warning.
    var declaredBody: (blocks: [TextBlock], source: String)?
    var extra: [String: JSONValue] = [:]

    /// What the walk over the page gathers, element by element, for `PageMetadata`.
    struct Collector {
        var meta: [String: String] = [:]
        var documentTitle: String?
        var canonical: String?
        var jsonLD: [[String: JSONValue]] = []
        /// The posts of the first question-and-answer or forum thread in the JSON-LD.
        var discussion: [String] = []
        /// Every JSON-LD object with an `@id`, for `author` references such as `{"@id": "#/person/1"}`.
        var jsonLDNodes: [String: [String: JSONValue]] = [:]
        /// `datePublished` of any JSON-LD object, article or not.
        var jsonLDDates: [String] = []
        var headings: [String] = []
        /// `<time datetime>` values before the first `<h1>` (menus, sidebars) and after it (the
        /// article's own come first there).
        var times: [String] = []
        var timesUnderHeadline: [String] = []
        var authorLinks: [String] = []
        /// Texts of links to an author's page (`/author/…`, `/writer/…`), the first few.
        var profileLinks: [String] = []

        /// How many `<h1>` and `<time>` elements are kept: the article's come first on most pages.
        static let kept = 8

        /// The element names `observe` looks at.
        static let names: Set<String> = ["meta", "title", "link", "script", "h1", "time", "a"]

        /// Notes what one element says, without looking at its descendants' markup.
        mutating func observe(_ element: MarkupNode) {
            if element.isNamed("meta") {
                observeMeta(element)
            } else if element.isNamed("title") {
                if documentTitle == nil { documentTitle = PageMetadata.collapse(element.textContent) }
            } else if element.isNamed("link") {
                if element.attribute("rel")?.lowercased() == "canonical" { canonical = element.attribute("href") }
            } else if element.isNamed("script") {
                if let type = element.attributeBytes("type"), ElementClassifier.contains(type.map { $0 | 0x20 }, "ld+json"),
                    let value = JSONValue(parsing: Data(element.textContent.utf8))
                {
                    jsonLD += SchemaOrgArticle.articles(in: value)
                    if discussion.isEmpty { discussion = SchemaOrgDiscussion.posts(in: value) }
                    SchemaOrgArticle.index(value, into: &jsonLDNodes)
                    SchemaOrgArticle.values(of: "datePublished", in: value, into: &jsonLDDates)
                }
            } else if element.isNamed("h1") {
                if headings.count < Self.kept { headings.append(PageMetadata.collapse(element.textContent)) }
            } else if element.isNamed("time") {
                let kept = headings.isEmpty ? \Collector.times : \Collector.timesUnderHeadline
                if self[keyPath: kept].count < Self.kept, let value = element.attribute("datetime") {
                    self[keyPath: kept].append(value)
                }
            } else if element.isNamed("a") {
                if element.attribute("rel")?.lowercased() == "author" {
                    authorLinks.append(PageMetadata.collapse(element.textContent))
                } else if profileLinks.count < Self.kept, element.isMarked(by: ["/author", "/writer/"], in: ["href"]) {
                    profileLinks.append(PageMetadata.collapse(element.textContent))
                }
            }
        }

        /// `<meta property|name|itemprop|http-equiv=KEY content=VALUE>`, read in one pass over the
        /// attributes (pages carry dozens of them); the first value of a key wins.
        private mutating func observeMeta(_ element: MarkupNode) {
            var key: [UInt8]?
            var keyRank = Int.max
            var content: [UInt8]?
            var attribute = element.pointer.pointee.properties
            while let current = attribute {
                defer { attribute = current.pointee.next }
                guard let name = current.pointee.name else { continue }
                let rank: Int
                switch String(cString: name) {
                case "content":
                    content = MarkupNode.value(of: current)
                    continue
                case "property": rank = 0
                case "name": rank = 1
                case "itemprop": rank = 2
                case "http-equiv": rank = 3
                default: continue
                }
                if rank < keyRank {
                    key = MarkupNode.value(of: current)
                    keyRank = rank
                }
            }
            guard let key, let content else { return }
            let keyText = String(decoding: key.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
            guard meta[keyText] == nil else { return }
            let value = PageMetadata.trimmed(content)
            if !value.isEmpty { meta[keyText] = value }
        }

        /// Observes every element below `node` (the page's head, or a page without a body).
        mutating func observeTree(_ node: MarkupNode) {
            for child in node.children where child.isElement {
                observe(child)
                observeTree(child)
            }
        }
    }

    init(_ collected: Collector, root: MarkupNode) {
        let meta = collected.meta
        let jsonLD = collected.jsonLD
        let article = jsonLD.first ?? [:]

        url = collected.canonical ?? meta["og:url"] ?? SchemaOrgArticle.text(article["url"])
        siteName = meta["og:site_name"] ?? SchemaOrgArticle.text(article["publisher"]) ?? meta["application-name"]
        let siteNames = [siteName, meta["application-name"], SchemaOrgArticle.text(article["publisher"]), url.flatMap(Self.host)]
            .compactMap { $0 }
        let metadataTitles = [
            SchemaOrgArticle.text(article["headline"]), meta["og:title"], meta["twitter:title"], collected.documentTitle,
        ].compactMap { $0 }
        title = PageTitle(headings: collected.headings, metadataTitles: metadataTitles, siteNames: siteNames).chosen
        let authorFields: [[String]] = [
            SchemaOrgArticle.names(article["author"], resolving: collected.jsonLDNodes),
            [meta["author"], meta["article:author"], meta["byl"], meta["sailthru.author"], meta["parsely-author"], meta["dc.creator"]]
                .compactMap { $0 },
            collected.authorLinks,
        ]
        let names = AuthorNames(siteNames: siteNames)
        if let found = authorFields.lazy.map({ names.names(in: $0) }).first(where: { !$0.isEmpty }) {
            authors = found
        } else {
            // A byline in the page, else the first link to an author's page.
            let byline = VisibleByline.find(in: root, names: names)
            authors = byline.isEmpty ? names.names(in: Array(collected.profileLinks.prefix(1))) : byline
        }
        dateRaw =
            Self.publicationDate(
                candidates: [
                    SchemaOrgArticle.text(article["datePublished"]), meta["article:published_time"], meta["datepublished"],
                    meta["pubdate"], meta["publishdate"], meta["date"], meta["dc.date"], meta["dc.date.issued"],
                    meta["parsely-pub-date"], meta["sailthru.date"], meta["og:published_time"],
                ].compactMap { $0 } + collected.timesUnderHeadline + collected.times + collected.jsonLDDates
                    + [SchemaOrgArticle.text(article["dateCreated"])].compactMap { $0 },
                revisions: [
                    SchemaOrgArticle.text(article["dateModified"]), meta["article:modified_time"], meta["og:updated_time"],
                    meta["datemodified"], meta["dc.date.modified"],
                ].compactMap { $0 },
                shown: { VisibleDateline.find(in: root) }, url: url)
        language =
            root.attribute("lang") ?? root.attribute("xml:lang") ?? meta["content-language"]
            ?? meta["og:locale"] ?? SchemaOrgArticle.text(article["inLanguage"])
        if let body = SchemaOrgArticle.text(article["articleBody"]) {
            declaredBody = (PlainTextLayout.classify(paragraphs: body), "its JSON-LD articleBody")
        } else if !collected.discussion.isEmpty {
            // A post's text may be markup itself (a forum's cooked HTML).
            let posts = collected.discussion.flatMap { post in
                post.contains("<")
                    ? MarkupText.blocks(fromFragment: post) : PlainTextLayout.classify(paragraphs: HTMLEntities.decode(post))
            }
            declaredBody = (posts, "the thread's posts in its JSON-LD")
        }
        if let description = meta["description"] ?? meta["og:description"] ?? SchemaOrgArticle.text(article["description"]) {
            extra["description"] = .string(description)
        }
        if let section = meta["article:section"] ?? SchemaOrgArticle.text(article["articleSection"]) {
            extra["section"] = .string(section)
        }
        if let keywords = meta["keywords"] ?? meta["news_keywords"] {
            extra["tags"] = .array(HeaderMetadata.splitList(keywords, separators: [","]).map { .string($0) })
        }
        if let modified = SchemaOrgArticle.text(article["dateModified"]) ?? meta["article:modified_time"] {
            extra["date_modified"] = .string(modified)
        }
    }

    /// The publication date, in htmldate's order of evidence: a full date in the URL's path first
    /// (with the time of the first candidate on that day, as written or in UTC); else the date the
    /// page shows its readers (`shown`) when a candidate or a revision date on that day, or at that
    /// instant, confirms it, as a republished page shows its new date; else the first candidate
    /// that reads as a date; else the date shown; else the first candidate as written (reported as
    /// unreadable); else, on a page that gives no publication date at all, its last revision.
    ///
    /// A time in UTC gives way to the same instant written in the page's own zone, when a candidate
    /// or the date shown gives it: the day a reader there saw.
    static func publicationDate(
        candidates: [String], revisions: [String] = [], shown: () -> String? = { nil }, url: String?
    ) -> String? {
        func reading(_ raw: String) -> DatedText? { PublicationDateParser.recognized(raw).map { (raw, $0) } }
        let readable = candidates.compactMap(reading)
        if let day = url.flatMap(DateFormats.inURL) {
            return readable.first { $0.date.isSameDay(as: day) || $0.date.converted(toOffset: 0).isSameDay(as: day) }?.raw
                ?? day.description
        }
        let revised = revisions.compactMap(reading)
        let dated = readable + revised
        let first = readable.first.map { inLocalZone($0, among: dated) }
        // The page is walked for the date it shows only when that can change the answer: the
        // candidates disagree on the day, or give it only in UTC.
        let disputed =
            first.map { first in first.date.time?.utcOffsetMinutes == 0 || dated.contains { !$0.date.isSameDay(as: first.date) } }
            ?? true
        let shownText = disputed ? shown() : nil
        let shownDate = shownText.flatMap(PublicationDateParser.recognized)
        if let shownDate,
            let confirmed = dated.first(where: { $0.date.isSameDay(as: shownDate) || $0.date.isSameMinute(as: shownDate) })
        {
            if let zone = shownDate.time?.utcOffsetMinutes, zone != 0, confirmed.date.isSameMinute(as: shownDate) {
                return confirmed.date.converted(toOffset: zone).description
            }
            return inLocalZone(confirmed, among: dated).raw
        }
        if let first { return first.raw }
        return shownDate != nil ? shownText : candidates.first ?? revised.first?.raw
    }

    /// `chosen`, or the same instant with a zone other than UTC when `dates` give it.
    private static func inLocalZone(_ chosen: DatedText, among dates: [DatedText]) -> DatedText {
        guard chosen.date.time?.utcOffsetMinutes == 0 else { return chosen }
        return dates.first { candidate in
            guard let offset = candidate.date.time?.utcOffsetMinutes, offset != 0 else { return false }
            return candidate.date.isSameMinute(as: chosen.date)
        } ?? chosen
    }

    /// A date as the page wrote it, and what it reads as.
    typealias DatedText = (raw: String, date: PublicationDate)

    /// The host of an absolute URL without `www.`: `example.com` names the site too.
    static func host(_ url: String) -> String? {
        guard let host = URL(string: url)?.host(), !host.isEmpty else { return nil }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }

    /// UTF-8 bytes as a String without leading or trailing ASCII whitespace.
    static func trimmed(_ bytes: [UInt8]) -> String {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}
