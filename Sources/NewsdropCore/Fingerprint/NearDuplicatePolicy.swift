/// What to do with an article that is a near-duplicate of one already archived.
public enum NearDuplicatePolicy: String, Sendable, CaseIterable {
    /// Add no record; the file goes to done/ and the log names the article it duplicates.
    case drop
    /// Append the record with `near_duplicate_of` and `similarity` set.
    case mark
    /// Treat it as a new article.
    case keep
}
