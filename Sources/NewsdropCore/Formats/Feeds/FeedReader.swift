import Foundation

/// RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 feeds: one draft per item or entry.
///
/// libxml2 decodes the bytes by their BOM or declared encoding. HTML in descriptions and content
/// is reduced to text; an item's own language, author or link wins over the channel's.
enum FeedReader {
    static let contentNamespace = "http://purl.org/rss/1.0/modules/content/"
    static let xhtmlNamespace = "http://www.w3.org/1999/xhtml"

    static func read(_ bytes: [UInt8]) throws(RejectionError) -> DraftedFile {
        let (readable, warnings) = try withDetectedCharset(bytes)
        var file = try read(parsing: readable)
        for index in file.drafts.indices { file.drafts[index].draft.warnings += warnings }
        return file
    }

    /// `bytes` as libxml2 can read them. XML without a byte order mark or an `encoding` in its
    /// declaration is UTF-8; a feed that is not (KOI8-R, windows-1255, ...) is decoded by detection
    /// first, with a warning, instead of being read as the wrong charset.
    static func withDetectedCharset(_ bytes: [UInt8]) throws(RejectionError) -> (bytes: [UInt8], warnings: [String]) {
        let marked = bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
        guard !marked, HTMLReader.declaredCharset(bytes) == nil, String(validating: bytes, as: UTF8.self) == nil else {
            return (bytes, [])
        }
        let decoded = try TextDecoding.decode(bytes)
        return (Array(decoded.text.utf8), decoded.warnings)
    }

    private static func read(parsing bytes: [UInt8]) throws(RejectionError) -> DraftedFile {
        guard let document = MarkupDocument.xml(bytes), let root = document.root else {
            throw .invalidMarkup("the feed is not well-formed XML and could not be repaired")
        }
        let file: DraftedFile
        switch root.name.lowercased() {
        case "rss": file = rss(channel: root.child("channel"), items: root.child("channel")?.children("item") ?? [])
        case "rdf": file = rss(channel: root.child("channel"), items: root.children("item"))
        case "feed": file = atom(root)
        default: throw .invalidMarkup("the XML root element <\(root.name)> is not rss, rdf:RDF or feed")
        }
        if file.drafts.isEmpty, file.skipped.isEmpty { throw .emptyFeed }
        return file
    }

    private static func rss(channel: MarkupNode?, items: [MarkupNode]) -> DraftedFile {
        var file = DraftedFile()
        let channelTitle = channel.flatMap { text($0.child("title")) }
        let channelLanguage = channel.flatMap { text($0.child("language")) }
        for (index, item) in items.enumerated() {
            var draft = ArticleDraft(format: .rss)
            draft.title = text(item.child("title"))
            draft.url = text(item.child("link")) ?? permalink(item.child("guid"))
            draft.dateRaw = text(item.child("pubDate")) ?? text(item.child("date"))
            draft.language = text(item.child("language")) ?? channelLanguage
            draft.sourceName = channelTitle
            let creators = item.children("creator").compactMap { text($0) } + item.children("author").compactMap { text($0) }
            draft.authors = creators.flatMap { JSONFieldMapping.authors(.string($0)) }
            // The body: content:encoded, an inline xhtml:body, the escaped HTML of <fullitem>, else
            // the description (kept apart as the description when a fuller body exists).
            let encoded = item.children.first { $0.isNamed("encoded") && $0.namespace == contentNamespace }
            let xhtmlBody = item.children.first { $0.isNamed("body") && $0.namespace == xhtmlNamespace }
            let description = text(item.child("description"), keepingWhitespace: true)
            if let html = encoded.flatMap({ text($0, keepingWhitespace: true) }) {
                draft.blocks = MarkupText.blocks(fromFragment: html)
            } else if let xhtmlBody {
                var walker = MarkupText()
                walker.append(xhtmlBody)
                draft.blocks = walker.textBlocks
            } else if let html = text(item.child("fullitem"), keepingWhitespace: true) {
                draft.blocks = MarkupText.blocks(fromFragment: html)
            }
            if let description {
                if draft.blocks.isEmpty {
                    draft.blocks = MarkupText.blocks(fromFragment: description)
                } else {
                    draft.extra["description"] = .string(plain(description))
                }
            }
            let categories = item.children("category").compactMap { text($0) }
            if !categories.isEmpty { draft.extra["categories"] = .array(categories.map { .string($0) }) }
            if let guid = text(item.child("guid")) { draft.extra["guid"] = .string(guid) }
            append(draft, index: index, to: &file)
        }
        return file
    }

    private static func atom(_ feed: MarkupNode) -> DraftedFile {
        var file = DraftedFile()
        let feedTitle = text(feed.child("title"))
        let feedLanguage = feed.attribute("lang")
        let feedAuthors = feed.children("author").compactMap { text($0.child("name")) }
        for (index, entry) in feed.children("entry").enumerated() {
            var draft = ArticleDraft(format: .atom)
            draft.title = text(entry.child("title"))
            let links = entry.children("link")
            let alternate = links.first { ($0.attribute("rel") ?? "alternate") == "alternate" } ?? links.first
            draft.url = alternate?.attribute("href")
            draft.dateRaw = text(entry.child("published")) ?? text(entry.child("updated"))
            draft.language = entry.attribute("lang") ?? feedLanguage
            draft.sourceName = feedTitle
            let authors = entry.children("author").compactMap { text($0.child("name")) }
            draft.authors = authors.isEmpty ? feedAuthors : authors
            if let content = entry.child("content") ?? entry.child("summary") {
                draft.blocks = atomText(content)
            }
            if entry.child("content") != nil, let summary = entry.child("summary") {
                draft.extra["description"] = .string(atomText(summary).map(\.text).joined(separator: " "))
            }
            let categories = entry.children("category").compactMap { $0.attribute("term") }
            if !categories.isEmpty { draft.extra["categories"] = .array(categories.map { .string($0) }) }
            if let id = text(entry.child("id")) { draft.extra["guid"] = .string(id) }
            append(draft, index: index, to: &file)
        }
        return file
    }

    /// Atom text constructs: `type="text"` (the default), `"html"` (escaped markup) or `"xhtml"`.
    private static func atomText(_ node: MarkupNode) -> [TextBlock] {
        switch node.attribute("type")?.lowercased() {
        case "html", "text/html":
            return MarkupText.blocks(fromFragment: node.textContent)
        case "xhtml", "application/xhtml+xml":
            var walker = MarkupText()
            walker.append(node)
            return walker.textBlocks
        default:
            return PlainTextLayout.classify(paragraphs: node.textContent)
        }
    }

    private static func append(_ draft: ArticleDraft, index: Int, to file: inout DraftedFile) {
        if draft.hasText {
            file.drafts.append((index, draft))
        } else {
            file.skipped.append(
                SkippedItem(
                    index: index, reason: RejectionError.noText.reason,
                    message: "the item \(draft.title.map { "\"\($0)\" " } ?? "")has no description or content"))
        }
    }

    private static func permalink(_ guid: MarkupNode?) -> String? {
        guard let guid, guid.attribute("isPermaLink")?.lowercased() != "false", let value = text(guid),
            value.hasPrefix("http")
        else { return nil }
        return value
    }

    /// An element's text, trimmed; `nil` when absent or empty. Titles may carry markup as text.
    private static func text(_ node: MarkupNode?, keepingWhitespace: Bool = false) -> String? {
        guard let node else { return nil }
        let raw = node.textContent
        let value = keepingWhitespace ? String(raw.trimmedWhitespace) : PageMetadata.collapse(raw)
        return value.isEmpty ? nil : value
    }

    private static func plain(_ html: String) -> String {
        MarkupText.blocks(fromFragment: html).map(\.text).joined(separator: " ")
    }
}
