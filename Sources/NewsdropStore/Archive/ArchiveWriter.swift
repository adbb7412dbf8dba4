public import NewsdropCore

/// Appends records to an archive and makes them durable.
///
/// The pipeline talks to the archive only through this protocol, so a shared backend can replace
/// the local JSON Lines file.
public protocol ArchiveWriter: Sendable {
    /// Appends the records and returns only once every archived one is durable, with what became
    /// of each, in order. When it throws, none of the records is in the archive (or, where the
    /// outcome of a commit could not be known, all of them are, and the retry finds them there).
    func appendDurably(_ records: [ArticleRecord]) async throws -> [Placement]

    /// Closes the current archive file and opens the configured path again, so that an archive
    /// renamed away by an operator is continued in a new file.
    func reopen() async throws

    /// How far the archive reaches: every durable record is before it (bytes of the file, or the
    /// last sequence number of a table).
    func durableLength() async -> UInt64
}

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
