/// The record's keys in the order the archive writes them (schema version 1). Writing a record
/// (``ArticleRecord/jsonBytes()``) and restoring the order of one read back from PostgreSQL
/// (``ArticleRecord/archiveLine(of:)``) both follow these lists.
extension ArticleRecord {
    /// The top-level keys.
    enum Key: String, CaseIterable {
        case schemaVersion = "schema_version", id, simhash, nearDuplicateOf = "near_duplicate_of", similarity, title
        case authors, datePublished = "date_published", datePublishedRaw = "date_published_raw", language, url
        case sourceName = "source_name", text, blocks, wordCount = "word_count", inputFormat = "input_format"
        case sourceFile = "source_file", dateIngested = "date_ingested", parse, extra
    }

    /// The keys of each item of `blocks`.
    enum BlockKey: String, CaseIterable {
        case kind, text
    }

    /// The keys of `source_file`.
    enum SourceFileKey: String, CaseIterable {
        case name, sha256, sizeBytes = "size_bytes", mtime, item
    }

    /// The keys of `parse`.
    enum ParseKey: String, CaseIterable {
        case warnings
    }
}
