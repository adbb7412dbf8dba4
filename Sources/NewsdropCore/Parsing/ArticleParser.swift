public import Foundation

/// What the inbox knows about a file besides its bytes.
public struct FileFacts: Sendable, Equatable {
    public var name: String
    public var modified: Date

    public init(name: String, modified: Date) {
        self.name = name
        self.modified = modified
    }
}

/// Turns an inbox file's bytes into a normalized record. Pure: no I/O, no clock of its own.
public struct ArticleParser: Sendable {
    public init() {}

    /// Parses `bytes`; `now` is the ingestion time and the reference for implausible dates.
    public func parse(_ bytes: [UInt8], file: FileFacts, now: Date) throws(RejectionError) -> ArticleRecord {
        let decoded = try TextDecoding.decode(bytes)
        var warnings = decoded.warnings
        let parsed = PlainTextLayout.parse(decoded.text)
        guard parsed.blocks.contains(where: { $0.text.contains(where: { $0.isLetter || $0.isNumber }) }) else {
            throw .noText
        }
        let metadata = HeaderMetadata(parsed.headers)
        var datePublished: PublicationDate?
        if let raw = parsed.dateRaw {
            switch PublicationDateParser.parse(raw, now: now) {
            case .success(let date): datePublished = date
            case .failure(.unrecognized): warnings.append("date \"\(raw)\" was not understood; date_published is null")
            case .failure(.implausible): warnings.append("date \"\(raw)\" is implausible; date_published is null")
            }
        }
        let text = parsed.blocks.map(\.text).joined(separator: "\n\n")
        let canonical = CanonicalText.identityText(title: parsed.title, blocks: parsed.blocks)
        return ArticleRecord(
            id: ArticleID(canonicalText: canonical),
            simhash: Shingles(canonicalText: canonical).simHash,
            title: parsed.title,
            authors: metadata.authors,
            datePublished: datePublished,
            datePublishedRaw: parsed.dateRaw,
            language: metadata.language,
            url: metadata.url,
            sourceName: metadata.sourceName,
            text: text,
            blocks: parsed.blocks,
            wordCount: Self.wordCount(text),
            inputFormat: parsed.format,
            sourceFile: SourceFile(name: file.name, sha256: sha256Hex(bytes), sizeBytes: bytes.count, modified: file.modified),
            dateIngested: now,
            warnings: warnings,
            extra: metadata.extra
        )
    }

    /// Words are whitespace-separated runs holding at least one letter or digit.
    public static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false, wordHasContent = false
        for scalar in text.unicodeScalars {
            if scalar.isSpace {
                if inWord, wordHasContent { count += 1 }
                inWord = false
                wordHasContent = false
            } else {
                inWord = true
                if scalar.isWordCharacter { wordHasContent = true }
            }
        }
        if inWord, wordHasContent { count += 1 }
        return count
    }
}

/// Record fields taken from a header block; keys that have no field go to `extra`.
struct HeaderMetadata {
    var authors: [String] = []
    var language: String?
    var url: String?
    var sourceName: String?
    var extra: [String: JSONValue] = [:]

    init(_ headers: [ParsedText.Header]) {
        for header in headers where !header.value.isEmpty {
            switch header.key.lowercased() {
            case "title", "date": break
            case "author", "authors": authors += Self.splitList(header.value, separators: [",", ";"], andWord: true)
            case "language": language = header.value.lowercased()
            case "url": url = header.value
            case "source": sourceName = header.value
            case "tags": extra["tags"] = .array(Self.splitList(header.value, separators: [",", ";"]).map { .string($0) })
            default:
                let key = header.key.lowercased().replacingOccurrences(of: " ", with: "_")
                extra[key] = .string(header.value)
            }
        }
    }

    static func splitList(_ value: String, separators: Set<Character>, andWord: Bool = false) -> [String] {
        var text = value
        if andWord { text = text.replacingOccurrences(of: " and ", with: ",") }
        return text.split(whereSeparator: { separators.contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
