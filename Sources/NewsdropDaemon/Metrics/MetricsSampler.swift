import NewsdropInbox
import Synchronization

/// Samples the gauges between batches, at most once a second: backlog, archive size and
/// segments, known articles and the dedup index's memory.
final class MetricsSampler: Sendable {
    let metrics: DaemonMetrics
    let queue: CandidateQueue
    let store: any IngestStore
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    init(metrics: DaemonMetrics, queue: CandidateQueue, store: any IngestStore) {
        self.metrics = metrics
        self.queue = queue
        self.store = store
    }

    func sample() async {
        let now = ContinuousClock.now
        let due = last.withLock { last in
            guard last.map({ now - $0 >= .seconds(1) }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        metrics.backlog.record(queue.backlog)
        metrics.knownArticles.record(await store.dedup.count())
        metrics.dedupMemoryBytes.record(await store.dedup.memoryBytes())
        if let size = await store.archiveSize() {
            metrics.archiveBytes.record(size.bytes)
            metrics.segments.record(size.segments)
        }
    }
}
