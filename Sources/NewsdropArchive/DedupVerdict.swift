public import NewsdropCore

/// The dedup stage's decision about one record.
public enum DedupVerdict: Sendable, Equatable {
    /// A new article: its identity is reserved until the record is committed or released.
    case new
    /// The same canonical text as an archived (or reserved) article.
    case duplicate(of: ArticleID)
    /// The same story as `of` with small edits. Under the `mark` policy the record's identity is
    /// reserved like a new one's (it is archived, marked); under `drop` nothing is reserved.
    case nearDuplicate(of: ArticleID, similarity: Double)
}
