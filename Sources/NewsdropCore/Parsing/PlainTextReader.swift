import Foundation

/// Plain-text files in one of the three layouts (see `PlainTextLayout`): one article each.
enum PlainTextReader {
    static func read(_ decoded: TextDecoding.Decoded) -> ArticleDraft {
        let parsed = PlainTextLayout.parse(decoded.text)
        let metadata = HeaderMetadata(parsed.headers)
        var draft = ArticleDraft(format: parsed.format, blocks: parsed.blocks)
        draft.title = parsed.title
        draft.dateRaw = parsed.dateRaw
        draft.authors = metadata.authors
        draft.language = metadata.language
        draft.url = metadata.url
        draft.sourceName = metadata.sourceName
        draft.extra = metadata.extra
        draft.warnings = decoded.warnings
        return draft
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
            case "language": language = header.value
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
