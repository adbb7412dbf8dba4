import NewsdropArchive
import NewsdropCore

/// An archive held in memory that can be told to fail its next appends.
actor MemoryArchive: ArchiveWriter {
    private(set) var records: [ArticleRecord] = []
    private var failuresLeft = 0
    /// Called at each append, before it succeeds or fails.
    private let onAppend: @Sendable (_ attempt: Int) async -> Void
    private(set) var attempts = 0
    /// The ids handed to each append, failed ones included.
    private(set) var attempted: [[ArticleID]] = []

    init(failing failures: Int = 0, onAppend: @escaping @Sendable (_ attempt: Int) async -> Void = { _ in }) {
        failuresLeft = failures
        self.onAppend = onAppend
    }

    struct WriteFailed: Error {}

    func appendDurably(_ records: [ArticleRecord]) async throws -> [Placement] {
        attempts += 1
        attempted.append(records.map(\.id))
        await onAppend(attempts)
        if failuresLeft > 0 {
            failuresLeft -= 1
            throw WriteFailed()
        }
        let start = self.records.count
        self.records += records
        return records.indices.map { .archived(at: UInt64(start + $0)) }
    }

    func durableLength() async -> UInt64 { UInt64(records.count) }
}
