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
        /// Runs in a row that ended abnormally with no file to blame (``AbnormalEndStreak``).
        public var abnormalEndsInARow = 0
    }

    private let totals = Mutex(Snapshot())
    /// Where the counts are also reported, for Prometheus.
    let metrics: DaemonMetrics

    public init(metrics: DaemonMetrics = .disabled) {
        self.metrics = metrics
    }

    public var snapshot: Snapshot { totals.withLock { $0 } }

    func add(ingested: Int = 0, duplicates: Int = 0, nearDuplicates: Int = 0) {
        totals.withLock {
            $0.ingested += ingested
            $0.duplicates += duplicates
            $0.nearDuplicates += nearDuplicates
        }
        if ingested > 0 { metrics.ingested.increment(by: ingested) }
        if duplicates > nearDuplicates { metrics.duplicates.increment(by: duplicates - nearDuplicates) }
        if nearDuplicates > 0 { metrics.nearDuplicates.increment(by: nearDuplicates) }
    }

    /// Counts a file that went to `failed/`, with its reason.
    func failed(reason: String) {
        totals.withLock { $0.failed += 1 }
        metrics.failed(reason: reason)
    }

    /// Sets or clears the degraded reason; returns true when that changes whether it is degraded.
    func setDegraded(_ reason: String?) -> Bool {
        metrics.degraded.record(reason == nil ? 0 : 1)
        return totals.withLock { totals in
            defer { totals.degraded = reason }
            return (totals.degraded == nil) != (reason == nil)
        }
    }

    /// Sets the streak of abnormal ends with no file to blame, for STATUS= and the metrics.
    func setAbnormalEndsInARow(_ count: Int) {
        metrics.abnormalEndsInARow.record(count)
        totals.withLock { $0.abnormalEndsInARow = count }
    }
}
