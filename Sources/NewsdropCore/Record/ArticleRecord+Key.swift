/// The record's keys in the order the archive writes them (schema version 1). Writing a record
/// (``ArticleRecord/jsonBytes()``) and restoring the order of one read back from PostgreSQL
/// (``ArticleRecord/archiveLine(of:)``) both follow these lists.
extension ArticleRecord {
    /// The top-level keys.
    enum Key: String, CaseIterable {
        case schemaVersion = "schema_version"
        case id, simhash
        case nearDuplicateOf = "near_duplicate_of"
        case similarity, title
        case authors
        case datePublished = "date_published"
        case datePublishedRaw = "date_published_raw"
        case language, url
        case sourceName = "source_name"
        case text, blocks
        case wordCount = "word_count"
        case inputFormat = "input_format"
        case sourceFile = "source_file"
        case dateIngested = "date_ingested"
        case parse, extra
    }

    /// The keys of each item of `blocks`.
    enum BlockKey: String, CaseIterable {
        case kind, text
    }

    /// The keys of `source_file`.
    enum SourceFileKey: String, CaseIterable {
        case name, sha256
        case sizeBytes = "size_bytes"
        case mtime, item
    }

    /// The keys of `parse`.
    enum ParseKey: String, CaseIterable {
        case warnings
    }
}
