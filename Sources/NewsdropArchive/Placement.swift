public import NewsdropCore

/// What the archive made of one record handed to ``ArchiveWriter/appendDurably(_:)``.
///
/// A local archive archives every record it is given. A shared one decides again at commit,
/// under its own lock, and may find that another instance archived the same article (or, under
/// the `drop` and `mark` policies, a near-duplicate) first.
public enum Placement: Sendable, Equatable {
    /// Archived at this position: a byte offset in the file, or a sequence number.
    case archived(at: UInt64)
    /// Archived at this position, marked as a near-duplicate found only at commit (`mark` policy).
    case archivedMarked(at: UInt64, nearDuplicateOf: ArticleID, similarity: Double)
    /// Not archived: another instance archived a duplicate first.
    case superseded(DedupVerdict)

    /// The position, when the record was archived.
    public var position: UInt64? {
        switch self {
        case .archived(let position), .archivedMarked(let position, _, _): position
        case .superseded: nil
        }
    }
}
