import Synchronization

/// Running totals of what the pipeline did, readable from any task.
public final class IngestCounters: Sendable {
    /// A consistent copy of the totals.
    public struct Snapshot: Sendable, Equatable {
        public var ingested = 0
        public var duplicates = 0
        public var failed = 0
    }

    private let totals = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { totals.withLock { $0 } }

    func add(ingested: Int = 0, duplicates: Int = 0, failed: Int = 0) {
        totals.withLock {
            $0.ingested += ingested
            $0.duplicates += duplicates
            $0.failed += failed
        }
    }
}
