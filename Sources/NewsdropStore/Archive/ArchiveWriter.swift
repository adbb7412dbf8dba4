/// Appends records to an archive and makes them durable.
///
/// The pipeline talks to the archive only through this protocol, so a shared backend can replace
/// the local JSON Lines file.
public protocol ArchiveWriter: Sendable {
    /// Appends each line (one JSON record, without its newline) and returns only once every one of
    /// them is durable. Returns the byte offset at which each line starts. When it throws, none of
    /// the lines is in the archive.
    func appendDurably(_ lines: [[UInt8]]) async throws -> [UInt64]

    /// Closes the current archive file and opens the configured path again, so that an archive
    /// renamed away by an operator is continued in a new file.
    func reopen() async throws

    /// The archive's length in bytes: every durable record ends before it.
    func durableLength() async -> UInt64
}
