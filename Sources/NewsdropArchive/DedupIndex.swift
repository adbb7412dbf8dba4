public import NewsdropCore

/// Decides whether an article is new, and remembers the ones that are.
///
/// The pipeline talks to deduplication only through this protocol, so a shared backend can
/// replace the local index.
public protocol DedupIndex: Sendable {
    /// Decides about `record` (under the near-duplicate decision in force, where the index makes
    /// it), reserving its identity when it will be archived.
    func claim(_ record: ArticleRecord) async -> DedupVerdict

    /// Forgets reservations whose records did not reach the archive.
    func release(_ ids: [ArticleID]) async

    /// Notes that the reserved records are durable, each at its archive offset, and that the
    /// archive is `archiveLength` bytes long.
    func committed(_ placed: [ArticleID: UInt64], archiveLength: UInt64) async

    /// Persists what is durable, so that the next start-up has less to reconcile.
    func checkpoint() async throws

    /// How many distinct articles the index holds.
    func count() async -> Int

    /// About how many bytes of memory the index holds, where it keeps one.
    func memoryBytes() async -> Int
}

extension DedupIndex {
    public func memoryBytes() async -> Int { 0 }
}
