import Foundation
import Ink
import Yams

/// Markdown articles, with optional YAML front matter in the Hugo/Jekyll style.
///
/// Front matter keys: title, date/publishdate/pubdate/published, author/authors, tags, categories,
/// description, url, lang/language, source; the rest go to `extra`. The body is rendered with Ink
/// and reduced to blocks like any HTML: `#` headings become subheadings, and a leading `# Title`
/// that repeats the front matter's title (or stands in for a missing one) is the title, not body.
enum MarkdownReader {
    static func read(_ decoded: TextDecoding.Decoded) throws(RejectionError) -> ArticleDraft {
        var draft = ArticleDraft(format: .markdown)
        draft.warnings = decoded.warnings
        let (frontMatter, body) = splitFrontMatter(decoded.text)
        if let frontMatter {
            do {
                if let node = try Yams.compose(yaml: frontMatter), case .object(let fields) = jsonValue(node) {
                    apply(fields, to: &draft)
                } else {
                    draft.warnings.append("the front matter is not a mapping of keys to values; it was ignored")
                }
            } catch {
                draft.warnings.append("the front matter is not valid YAML (\(Self.firstLine(of: error))); it was ignored")
            }
        }
        var markdown = Substring(body)
        if let heading = leadingTitle(body) {
            let bodyTitle = PageMetadata.collapse(
                MarkupText.blocks(fromFragment: html(fromMarkdown: heading.text)).map(\.text).joined(separator: " "))
            if draft.title == nil || CanonicalText.canonicalize(draft.title!) == CanonicalText.canonicalize(bodyTitle) {
                draft.title = draft.title ?? bodyTitle
                markdown = heading.rest
            }
        }
        draft.blocks = MarkupText.blocks(fromFragment: html(fromMarkdown: String(markdown)))
        return draft
    }

    /// Ink's rendering of `markdown`, without the white space it ends with. Ink reads a leading
    /// `---` line as the start of its own metadata block, and when that block is not closed and
    /// the text ends in white space, its reader runs past the end and traps; white space at the
    /// end of a document renders to nothing.
    ///
    /// Two inputs that hang Ink are defused first: brackets nested deeper than
    /// ``bracketDepthLimit`` (``escapingDeepBrackets(_:)``) and a `<p` that opens no element
    /// (``escapingOpenParagraphTags(_:)``).
    static func html(fromMarkdown markdown: String) -> String {
        var markdown = Substring(markdown)
        while let last = markdown.last, last.isWhitespace { markdown.removeLast() }
        return MarkdownParser().html(from: escapingOpenParagraphTags(escapingDeepBrackets(markdown)))
    }

    /// `markdown` with the `<` of every `<p` or `<P` that no `>` follows written as `&lt;`.
    /// Ink ends a run of text at `<p` so that an HTML paragraph can begin, but reads an HTML
    /// element only up to a `>`: with none after it, neither reader moves on and Ink loops for
    /// ever, growing memory (`a <p-`, 8 bytes, hung it). With the entity the text reads the same.
    static func escapingOpenParagraphTags(_ markdown: String) -> String {
        let scalars = markdown.unicodeScalars
        let lastClose = scalars.lastIndex(of: ">") ?? scalars.startIndex
        var tail = scalars[lastClose...]
        guard tail.contains("<") else { return markdown }
        var output = String(scalars[..<lastClose])
        while let open = tail.firstIndex(of: "<") {
            output.unicodeScalars.append(contentsOf: tail[..<open])
            let next = tail.index(after: open)
            if next < tail.endIndex, tail[next] == "p" || tail[next] == "P" {
                output += "&lt;"
            } else {
                output.unicodeScalars.append("<")
            }
            tail = tail[next...]
        }
        output.unicodeScalars.append(contentsOf: tail)
        return output
    }

    /// Open `[` brackets that may nest before more are escaped.
    static let bracketDepthLimit = 3

    /// `markdown` with every `[` that would open more than ``bracketDepthLimit`` unclosed
    /// brackets in one paragraph escaped as `\[`. Ink tries each `[` as the start of a link and
    /// rewinds when it is not one, so its time doubles with each unclosed level: two dozen `[` in
    /// a 200-byte file took over ten seconds. Real links nest two deep at most (an image inside a
    /// link); a deeper `[` shows as itself either way.
    static func escapingDeepBrackets(_ markdown: Substring) -> String {
        var output = ""
        output.unicodeScalars.reserveCapacity(markdown.unicodeScalars.count)
        var depth = 0
        var previous: Unicode.Scalar = "\n"
        var escaped = false
        for scalar in markdown.unicodeScalars {
            defer { previous = scalar }
            if escaped {
                escaped = false
                output.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\\":
                escaped = true
            case "\n" where previous == "\n":
                depth = 0
            case "[":
                if depth >= bracketDepthLimit {
                    output.unicodeScalars.append("\\")
                } else {
                    depth += 1
                }
            case "]":
                depth = max(0, depth - 1)
            default:
                break
            }
            output.unicodeScalars.append(scalar)
        }
        return output
    }

    /// Front matter between a first `---` line and the next `---` or `...` line.
    static func splitFrontMatter(_ text: String) -> (String?, String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == "---" else { return (nil, text) }
        for index in lines.indices.dropFirst() {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line == "---" || line == "..." {
                return (lines[1..<index].joined(separator: "\n"), lines[(index + 1)...].joined(separator: "\n"))
            }
        }
        return (nil, text)
    }

    /// A first non-blank line `# Title` and the Markdown after it.
    static func leadingTitle(_ body: String) -> (text: String, rest: Substring)? {
        let trimmed = body.drop { $0.isWhitespace }
        guard trimmed.hasPrefix("# ") else { return nil }
        let line = trimmed.prefix { $0 != "\n" }
        return (String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces), trimmed[line.endIndex...])
    }

    private static func apply(_ fields: [String: JSONValue], to draft: inout ArticleDraft) {
        for (key, value) in fields {
            switch key.lowercased() {
            case "title": draft.title = SchemaOrgArticle.text(value)
            case "date", "publishdate", "pubdate", "published", "date_published":
                if draft.dateRaw == nil || key.lowercased() != "date" { draft.dateRaw = SchemaOrgArticle.text(value) ?? draft.dateRaw }
            case "author", "authors": draft.authors = JSONFieldMapping.authors(value)
            case "lang", "language", "languagecode": draft.language = SchemaOrgArticle.text(value)
            case "url", "link", "canonical": draft.url = SchemaOrgArticle.text(value)
            case "source", "source_name", "site": draft.sourceName = SchemaOrgArticle.text(value)
            case "tags", "categories", "keywords":
                let items =
                    value.array?.compactMap { SchemaOrgArticle.text($0) }
                    ?? HeaderMetadata.splitList(SchemaOrgArticle.text(value) ?? "", separators: [","])
                draft.extra[key.lowercased()] = .array(items.map { .string($0) })
            default: draft.extra[key] = value
            }
        }
    }

    /// A YAML node as JSON: scalars keep their text unless YAML resolves them to a number, a
    /// boolean or null (dates stay strings, as written).
    static func jsonValue(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: return node.int.map { .number(Double($0)) } ?? .string(scalar.string)
            case .float: return node.float.map(JSONValue.number) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .sequence(let sequence): return .array(sequence.map(jsonValue))
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping { object[key.string ?? "\(key)"] = jsonValue(value) }
            return .object(object)
        case .alias: return .null
        }
    }

    private static func firstLine(of error: any Error) -> String {
        "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}
