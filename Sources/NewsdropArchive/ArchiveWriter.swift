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

    /// How far the archive reaches: every durable record is before it (bytes of the file, or the
    /// last sequence number of a table).
    func durableLength() async -> UInt64

    /// How long the last commit's sync to disk took (`fdatasync`), where there is one.
    func lastSyncDuration() async -> Duration?
}

extension ArchiveWriter {
    public func lastSyncDuration() async -> Duration? { nil }
}
