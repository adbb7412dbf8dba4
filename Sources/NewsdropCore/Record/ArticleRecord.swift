public import Foundation

/// One normalized article: the unit newsdrop appends to the archive, one JSON object per line.
///
/// Every key is always present in the JSON form; unknown values are `null`.
public struct ArticleRecord: Sendable, Equatable {
    /// The version of the record layout; bumped when a field changes meaning.
    public static let schemaVersion = 1

    public var id: ArticleID
    /// 64-bit SimHash of the canonical text's word 3-shingles: near-duplicate candidates.
    public var simhash: UInt64
    /// The archived article this one nearly duplicates, when the `mark` policy kept it.
    public var nearDuplicateOf: ArticleID?
    /// Jaccard similarity of word 3-shingles with `nearDuplicateOf`.
    public var similarity: Double?
    public var title: String?
    public var authors: [String]
    public var datePublished: PublicationDate?
    public var datePublishedRaw: String?
    public var language: String?
    public var url: String?
    public var sourceName: String?
    /// The body: paragraphs and subheadings joined by a blank line.
    public var text: String
    public var blocks: [TextBlock]
    public var wordCount: Int
    public var inputFormat: InputFormat
    public var sourceFile: SourceFile
    public var dateIngested: Date
    /// Non-fatal remarks made while parsing, such as a legacy encoding fallback.
    public var warnings: [String]
    /// Metadata the input carried that has no field of its own.
    public var extra: [String: JSONValue]

    public init(
        id: ArticleID, simhash: UInt64, title: String?, authors: [String], datePublished: PublicationDate?,
        datePublishedRaw: String?, language: String?, url: String?, sourceName: String?,
        text: String, blocks: [TextBlock], wordCount: Int, inputFormat: InputFormat,
        sourceFile: SourceFile, dateIngested: Date, warnings: [String], extra: [String: JSONValue]
    ) {
        self.id = id
        self.simhash = simhash
        self.title = title
        self.authors = authors
        self.datePublished = datePublished
        self.datePublishedRaw = datePublishedRaw
        self.language = language
        self.url = url
        self.sourceName = sourceName
        self.text = text
        self.blocks = blocks
        self.wordCount = wordCount
        self.inputFormat = inputFormat
        self.sourceFile = sourceFile
        self.dateIngested = dateIngested
        self.warnings = warnings
        self.extra = extra
    }
}

/// A paragraph or a subheading of an article body, in reading order.
public struct TextBlock: Sendable, Equatable {
    /// What role a block plays in the body.
    public enum Kind: String, Sendable {
        case paragraph
        case subheading
    }

    public var kind: Kind
    public var text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}

/// The input format a record was parsed from, named in `input_format`.
public enum InputFormat: String, Sendable {
    /// Plain text with a `date YYYY-MM-DD` marker before the body.
    case textDateMarker = "date_marker_text"
    /// Plain text whose first line is the headline.
    case textHeadline = "headline_text"
    /// Plain text opened by a block of `Key: value` header lines.
    case textHeader = "header_text"
    /// Plain text that is only paragraphs.
    case textPlain = "plain_text"
    /// Markdown, with or without YAML front matter.
    case markdown
    /// A JSON object, array of objects or JSON Lines (news-please, trafilatura, newspaper4k, schema.org).
    case json
    /// A JSON Feed 1.x document.
    case jsonFeed = "json_feed"
    /// An RSS 2.0 or RSS 1.0 (RDF) feed.
    case rss
    /// An Atom 1.0 feed.
    case atom
    /// A web page.
    case html
}

/// Where a record came from: the inbox file as it was read.
public struct SourceFile: Sendable, Equatable {
    public var name: String
    /// SHA-256 of the file's bytes, lowercase hex.
    public var sha256: String
    public var sizeBytes: Int
    public var modified: Date
    /// The article's position among the file's items (feed entries, JSON objects), from 0;
    /// `nil` for a file that holds one article.
    public var item: Int?

    public init(name: String, sha256: String, sizeBytes: Int, modified: Date, item: Int? = nil) {
        self.name = name
        self.sha256 = sha256
        self.sizeBytes = sizeBytes
        self.modified = modified
        self.item = item
    }
}
