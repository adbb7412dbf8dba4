public import NewsdropCore

/// Decides whether an article is new, and remembers the ones that are.
///
/// The pipeline talks to deduplication only through this protocol, so a shared backend can
/// replace the local index.
public protocol DedupIndex: Sendable {
    /// Reserves the record's identity when it is new and returns `nil`; otherwise returns the id of
    /// the stored (or reserved) article it duplicates.
    func claim(_ record: ArticleRecord) async -> ArticleID?

    /// Forgets reservations whose records did not reach the archive.
    func release(_ ids: [ArticleID]) async

    /// Notes that every claimed record is durable and the archive is `archiveLength` bytes long.
    func committed(archiveLength: UInt64) async

    /// Persists what is durable, so that the next start-up has less to reconcile.
    func checkpoint() async throws

    /// How many distinct articles the index holds.
    func count() async -> Int
}
