import Foundation

/// Chooses a file's format by its content and hands it to that format's reader.
package enum FormatReaders {
    /// The families of input told apart by their first bytes.
    package enum Family: Equatable, Sendable {
        case json
        case markdown
        case feed
        case html
        case plainText
    }

    /// Reads `bytes` as the family `sniff` finds, or as `family` when one is given (the fuzz
    /// targets aim at one reader that way).
    static func read(_ bytes: [UInt8], fileName: String, as family: Family? = nil) throws(RejectionError) -> DraftedFile {
        let chosen: Family
        if let family { chosen = family } else { chosen = try sniffedFamily(bytes, fileName: fileName) }
        switch chosen {
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

    private static func sniffedFamily(_ bytes: [UInt8], fileName: String) throws(RejectionError) -> Family {
        // UTF-16 is decoded before sniffing; every other encoding keeps ASCII markup bytes as they are.
        let isUTF16 =
            bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            || (bytes.prefix(512).contains(0) && TextDecoding.utf16ByteOrder(bytes) != nil)
        let sniffBytes = isUTF16 ? Array(try TextDecoding.decode(Array(bytes.prefix(4096 & ~1))).text.utf8) : bytes
        return sniff(sniffBytes, fileName: fileName)
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
            let lowered = head.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            let root = rootElementName(lowered)
            if ["rss", "feed", "rdf:rdf"].contains(root) { return .feed }
            if lowered.starts(with: "<?xml".utf8), root != "html", root != nil { return .feed }
            return .html
        }
        if head.starts(with: "---".utf8) {
            let firstLine = head.prefix { $0 != 0x0A }
            if firstLine.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == 0x0D || $0 == 0x20 }) { return .markdown }
        }
        if head.starts(with: "# ".utf8) { return .markdown }
        let lowerName = fileName.lowercased()
        if lowerName.hasSuffix(".md") || lowerName.hasSuffix(".markdown") { return .markdown }
        return .plainText
    }

    /// The first element name after any XML declaration, processing instructions, comments and
    /// doctype, from lowercased bytes.
    static func rootElementName(_ lowered: [UInt8]) -> String? {
        var index = 0
        while let open = lowered[index...].firstIndex(of: UInt8(ascii: "<")) {
            index = open + 1
            guard index < lowered.count else { return nil }
            if lowered[index] == UInt8(ascii: "?") || lowered[index] == UInt8(ascii: "!") {
                let isComment = lowered[index...].starts(with: Array("!--".utf8))
                let terminator = Array((isComment ? "-->" : ">").utf8)
                guard let end = find(terminator, in: lowered, from: index) else { return nil }
                index = end + terminator.count
                continue
            }
            let name = lowered[index...].prefix { ![0x20, 0x09, 0x0A, 0x0D, 0x0C, UInt8(ascii: ">"), UInt8(ascii: "/")].contains($0) }
            return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
