import NewsdropArchive
import NewsdropCore

/// Exact deduplication by id, in memory.
actor MemoryDedupIndex: DedupIndex {
    private var ids: Set<ArticleID> = []
    private(set) var released: [ArticleID] = []

    func claim(_ record: ArticleRecord) async -> DedupVerdict {
        ids.insert(record.id).inserted ? .new : .duplicate(of: record.id)
    }

    func release(_ released: [ArticleID]) async {
        ids.subtract(released)
        self.released += released
    }

    func committed(_ placed: [ArticleID: UInt64], archiveLength: UInt64) async {}

    func checkpoint() async throws {}

    func count() async -> Int { ids.count }
}
