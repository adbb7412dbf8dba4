public import Foundation

/// Selects records by publication date, language and a regular expression over title and text,
/// for `newsdrop tail`.
public struct RecordFilter: Sendable {
    public var since: PublicationDate?
    public var until: PublicationDate?
    /// A BCP 47 language or prefix: `en` matches `en` and `en-GB`.
    public var language: String?
    public var pattern: String?
    private let expression: NSRegularExpressionBox?

    public init(since: PublicationDate? = nil, until: PublicationDate? = nil, language: String? = nil, pattern: String? = nil) throws {
        self.since = since
        self.until = until
        self.language = language?.lowercased()
        self.pattern = pattern
        expression = try pattern.map { NSRegularExpressionBox(try NSRegularExpression(pattern: $0)) }
    }

    public var isEmpty: Bool { since == nil && until == nil && language == nil && pattern == nil }

    /// True when the record passes every filter. A record without a date fails a date filter.
    public func matches(_ record: [String: JSONValue]) -> Bool {
        if since != nil || until != nil {
            guard let raw = record["date_published"]?.string, let date = PublicationDateParser.iso8601(raw) else { return false }
            let day = "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))"
            if let since, day < "\(pad(since.year, 4))-\(pad(since.month, 2))-\(pad(since.day, 2))" { return false }
            if let until, day > "\(pad(until.year, 4))-\(pad(until.month, 2))-\(pad(until.day, 2))" { return false }
        }
        if let language {
            guard let value = record["language"]?.string?.lowercased(),
                value == language || value.hasPrefix(language + "-")
            else { return false }
        }
        if let expression {
            let haystack = (record["title"]?.string.map { $0 + "\n" } ?? "") + (record["text"]?.string ?? "")
            let range = NSRange(haystack.startIndex..., in: haystack)
            guard expression.value.firstMatch(in: haystack, range: range) != nil else { return false }
        }
        return true
    }
}

/// A compiled regular expression, immutable once made and so safe to share.
struct NSRegularExpressionBox: @unchecked Sendable {
    let value: NSRegularExpression
    init(_ value: NSRegularExpression) { self.value = value }
}

/// The readable view of a record for people: date, title, source, the first lines of text.
public enum RecordText {
    public static func format(_ record: [String: JSONValue], lines: Int = 2, width: Int = 100) -> String {
        let date = record["date_published"]?.string.map { String($0.prefix(10)) } ?? "----------"
        var heading = "\(date)  \(record["title"]?.string ?? "(untitled)")"
        if let source = record["source_name"]?.string { heading += "  (\(source))" }
        var out = heading + "\n"
        let text = record["text"]?.string ?? ""
        var shown = 0
        var line = ""
        for word in text.split(whereSeparator: \.isWhitespace) {
            if line.count + word.count + 1 > width {
                out += "    " + line + "\n"
                shown += 1
                line = ""
                if shown == lines { break }
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if shown < lines, !line.isEmpty { out += "    " + line + "\n" } else if shown == lines { out = String(out.dropLast()) + " …\n" }
        return out
    }
}
