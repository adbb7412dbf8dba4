import Foundation

/// Chooses a file's format by its content and hands it to that format's reader.
enum FormatReaders {
    /// The families of input told apart by their first bytes.
    enum Family: Equatable {
        case json
        case markdown
        case feed
        case html
        case plainText
    }

    static func read(_ bytes: [UInt8], fileName: String) throws(RejectionError) -> DraftedFile {
        // UTF-16 is decoded before sniffing; every other encoding keeps ASCII markup bytes as they are.
        let isUTF16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
        let sniffBytes = isUTF16 ? Array(try TextDecoding.decode(Array(bytes.prefix(4096 & ~1))).text.utf8) : bytes
        switch sniff(sniffBytes, fileName: fileName) {
        case .feed:
            return try FeedReader.read(bytes)
        case .html:
            return DraftedFile(drafts: [(nil, try HTMLReader.read(bytes))])
        case .json:
            return try JSONArticleReader.read(try TextDecoding.decode(bytes))
        case .markdown:
            return DraftedFile(drafts: [(nil, try MarkdownReader.read(try TextDecoding.decode(bytes)))])
        case .plainText:
            return DraftedFile(drafts: [(nil, PlainTextReader.read(try TextDecoding.decode(bytes)))])
        }
    }

    /// Looks at the start of the file: `{`/`[` is JSON, `---` front matter or a `# ` heading is
    /// Markdown, `<rss`/`<feed`/`<rdf:RDF` (after an XML declaration) is a feed, other markup is HTML.
    /// A `.md` or `.markdown` name also selects Markdown when the content is not markup or JSON.
    static func sniff(_ bytes: [UInt8], fileName: String) -> Family {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(bytes[start]) { start += 1 }
        let head = bytes[start..<min(bytes.count, start + 4096)]
        guard let first = head.first else { return .plainText }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return .json }
        if first == UInt8(ascii: "<") {
            let lowered = String(decoding: head, as: UTF8.self).lowercased()
            let root = rootElementName(lowered)
            if ["rss", "feed", "rdf:rdf"].contains(root) { return .feed }
            if lowered.hasPrefix("<?xml"), root != "html", root != nil { return .feed }
            return .html
        }
        if head.starts(with: Array("---".utf8)) {
            let firstLine = head.prefix { $0 != 0x0A }
            if firstLine.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == 0x0D || $0 == 0x20 }) { return .markdown }
        }
        if head.starts(with: Array("# ".utf8)) { return .markdown }
        let lowerName = fileName.lowercased()
        if lowerName.hasSuffix(".md") || lowerName.hasSuffix(".markdown") { return .markdown }
        return .plainText
    }

    /// The first element name after any XML declaration, processing instructions, comments and
    /// doctype, lowercased.
    static func rootElementName(_ lowered: String) -> String? {
        var rest = Substring(lowered)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            if rest.hasPrefix("?") || rest.hasPrefix("!") {
                let terminator = rest.hasPrefix("!--") ? "-->" : ">"
                guard let end = rest.range(of: terminator) else { return nil }
                rest = rest[end.upperBound...]
                continue
            }
            let name = rest.prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }
            return name.isEmpty ? nil : String(name)
        }
        return nil
    }
}
