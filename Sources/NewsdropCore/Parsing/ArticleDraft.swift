/// An article as a format reader found it: text and metadata, before it gets an id, fingerprints
/// and a parsed date. Every format produces drafts; `ArticleParser` turns them into records.
struct ArticleDraft {
    var format: InputFormat
    var title: String?
    var authors: [String] = []
    var dateRaw: String?
    /// The language the input declares (header, front matter, `lang`, feed); detected when `nil`.
    var language: String?
    var url: String?
    var sourceName: String?
    var blocks: [TextBlock]
    var extra: [String: JSONValue] = [:]
    var warnings: [String] = []

    init(format: InputFormat, blocks: [TextBlock] = []) {
        self.format = format
        self.blocks = blocks
    }

    /// True when the body holds at least one letter or digit.
    var hasText: Bool {
        blocks.contains { $0.text.unicodeScalars.contains { $0.isWordCharacter } }
    }
}

/// What one input file holds: its articles, and the items in it that could not become articles.
public struct ParsedFile: Sendable {
    public var records: [ArticleRecord]
    public var skipped: [SkippedItem]

    public init(records: [ArticleRecord], skipped: [SkippedItem]) {
        self.records = records
        self.skipped = skipped
    }
}

/// An item of a multi-article file (a feed entry, a JSON object) that yielded no article.
public struct SkippedItem: Sendable, Equatable {
    /// The item's position in the file, from 0.
    public var index: Int
    /// A stable reason code, such as `no_text` or `not_an_article`.
    public var reason: String
    public var message: String

    public init(index: Int, reason: String, message: String) {
        self.index = index
        self.reason = reason
        self.message = message
    }
}

/// A format reader's result: drafts in file order, plus the items it had to skip.
struct DraftedFile {
    var drafts: [(index: Int?, draft: ArticleDraft)] = []
    var skipped: [SkippedItem] = []
}
