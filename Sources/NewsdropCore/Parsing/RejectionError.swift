/// Why an inbox file could not become a record.
///
/// The `reason` is a stable code for scripts (it is written to `failed/NAME.error.json`); the
/// `message` tells a person what was wrong and what to do.
public struct RejectionError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case empty
        case binary
        case undecodable
        case noText = "no_text"
        case tooLarge = "too_large"
        case notRegularFile = "not_regular_file"
        case symlink
        case hardLink = "hard_link"
        case unreadable
        case invalidJSON = "invalid_json"
        case notAnArticle = "not_an_article"
        case noArticles = "no_articles"
        case invalidMarkup = "invalid_markup"
        case crashedDaemon = "crashed_daemon"
    }

    private let code: Code
    public let message: String
    /// For a file none of whose items became an article: each item and why.
    public let items: [SkippedItem]

    private init(_ code: Code, _ message: String, items: [SkippedItem] = []) {
        self.code = code
        self.message = message
        self.items = items
    }

    /// The stable reason code, such as `binary` or `too_large`.
    public var reason: String { code.rawValue }

    public var description: String { "\(reason): \(message)" }

    public static let empty = Self(.empty, "the file is empty; write the article, then rename it into the inbox")
    public static func binary(_ detail: String) -> Self {
        Self(.binary, "the file looks binary (\(detail)); only text articles are accepted")
    }
    public static func undecodable(_ detail: String) -> Self {
        Self(.undecodable, "the text encoding could not be decoded (\(detail)); save the article as UTF-8")
    }
    public static let noText = Self(.noText, "the file holds no article text (only whitespace, markers or headers)")
    /// A web page that shows page furniture only: `shown` names it.
    public static func boilerplateOnly(_ shown: String) -> Self {
        Self(.noText, "the page holds no article text, only \(shown)")
    }
    public static func tooLarge(size: Int, limit: Int) -> Self {
        Self(.tooLarge, "the file has \(size) bytes, more than max_article_bytes (\(limit)); raise the limit or split the file")
    }
    public static func notRegularFile(_ kind: String) -> Self {
        Self(.notRegularFile, "the inbox entry is a \(kind), not a regular file; it was not read")
    }
    public static let symlink = Self(.symlink, "the inbox entry is a symbolic link; links are not followed, copy or move the file itself")
    public static func hardLink(count: Int) -> Self {
        Self(.hardLink, "the file has \(count) hard links; drop a file with a single link (copy it, or move it in)")
    }
    public static func invalidJSON(_ detail: String) -> Self {
        Self(
            .invalidJSON,
            "the file looks like JSON but does not parse (\(detail)); write one object, an array of objects, or one object per line")
    }
    public static func notAnArticle(_ detail: String) -> Self {
        Self(
            .notAnArticle,
            "the JSON holds no article (\(detail)); an article object needs a body such as text, maintext, articleBody or content_text")
    }
    public static func noArticles(_ items: [SkippedItem]) -> Self {
        let first = items.sorted { $0.index < $1.index }.first.map { " (item \($0.index): \($0.message))" } ?? ""
        return Self(.noArticles, "none of the file's \(items.count) items is a usable article\(first)", items: items)
    }
    public static let emptyFeed = Self(.noArticles, "the feed holds no items or entries; there is nothing to ingest")
    public static func invalidMarkup(_ detail: String) -> Self {
        Self(.invalidMarkup, "the markup could not be read (\(detail))")
    }
    public static func crashedDaemon(crashes: Int, evidence: String, lastExit: String?) -> Self {
        let how = lastExit.map { "; the service manager said \($0)" } ?? ""
        return Self(
            .crashedDaemon,
            """
            newsdrop's own evidence named this file in \(crashes) abnormal ends (the last: \(evidence)\(how)); it was set \
            aside so that other files keep flowing. Check it with `newsdrop parse` (it may crash that command too), and \
            report it with the journal of those crashes
            """)
    }
    public static func unreadable(_ detail: String) -> Self {
        Self(.unreadable, "the file could not be read: \(detail)")
    }
}
