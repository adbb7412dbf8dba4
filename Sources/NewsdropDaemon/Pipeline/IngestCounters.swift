import Synchronization

/// Running totals of what the pipeline did, and whether it is degraded, readable from any task.
public final class IngestCounters: Sendable {
    /// A consistent copy of the totals.
    public struct Snapshot: Sendable, Equatable {
        public var ingested = 0
        /// Files that added no record: exact and dropped near-duplicates.
        public var duplicates = 0
        /// Of the duplicates, those that were near-duplicates.
        public var nearDuplicates = 0
        public var failed = 0
        /// Why intake is held back (the archive cannot be written), or `nil` when all is well.
        public var degraded: String?
    }

    private let totals = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { totals.withLock { $0 } }

    func add(ingested: Int = 0, duplicates: Int = 0, nearDuplicates: Int = 0, failed: Int = 0) {
        totals.withLock {
            $0.ingested += ingested
            $0.duplicates += duplicates
            $0.nearDuplicates += nearDuplicates
            $0.failed += failed
        }
    }

    /// Sets or clears the degraded reason; returns true when that changes whether it is degraded.
    func setDegraded(_ reason: String?) -> Bool {
        totals.withLock { totals in
            defer { totals.degraded = reason }
            return (totals.degraded == nil) != (reason == nil)
        }
    }
}
