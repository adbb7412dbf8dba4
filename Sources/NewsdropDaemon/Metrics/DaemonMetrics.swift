public import Metrics

/// The daemon's metrics, made through swift-metrics from one factory: the Prometheus one when
/// `metrics` is configured, else one that keeps nothing.
///
/// Names follow Prometheus's conventions (`_total` counters, `_seconds` and `_bytes` units).
/// Counters are updated as the pipeline decides each batch; gauges are sampled between batches.
public struct DaemonMetrics: Sendable {
    let factory: any MetricsFactory
    let ingested: Counter
    let duplicates: Counter
    let nearDuplicates: Counter
    let bytes: Counter
    /// One batch's append, write and `fdatasync` (or transaction) to return.
    let commitSeconds: Timer
    /// The `fdatasync` of one batch (file backend).
    let syncSeconds: Timer
    /// From the file's modification time to its record being durable.
    let dropToRecordSeconds: Timer
    let backlog: Gauge
    let archiveBytes: Gauge
    let segments: Gauge
    let knownArticles: Gauge
    let dedupMemoryBytes: Gauge
    let degraded: Gauge
    /// Runs in a row that ended abnormally with no file to blame (``AbnormalEndStreak``).
    let abnormalEndsInARow: Gauge

    /// What each metric counts, for its `# HELP` line.
    static let help: [String: String] = [
        "newsdrop_articles_total": "Articles decided, by outcome: ingested (a new record), duplicate, near_duplicate (dropped).",
        "newsdrop_failed_files_total": "Files moved to failed/, by reason (the reason field of NAME.error.json).",
        "newsdrop_ingested_bytes_total": "Bytes of the files retired after their records were durable.",
        "newsdrop_batch_commit_seconds": "Time to append one batch and make it durable (write and fdatasync, or the transaction).",
        "newsdrop_fdatasync_seconds": "Time of the fdatasync of one batch (file backend).",
        "newsdrop_drop_to_record_seconds": "From a file's modification time to its records being durable.",
        "newsdrop_backlog_files": "Inbox files waiting to be read or to settle.",
        "newsdrop_archive_bytes": "Durable bytes of the current archive file (file backend).",
        "newsdrop_archive_segments": "Rotated archive segments kept (file backend).",
        "newsdrop_known_articles": "Distinct articles the dedup index knows.",
        "newsdrop_dedup_memory_bytes": "Approximate memory of the dedup index (file backend).",
        "newsdrop_degraded": "1 while archive writes fail and intake is held back, else 0.",
        "newsdrop_abnormal_ends_total":
            "Abnormal ends of the last run, counted at the next start, by cause: parse_crash and parse_hang (evidence names a file), crash_outside_parsing (a fatal signal on a thread that was not parsing), no_evidence (SIGKILL, OOM kill, power cut).",
        "newsdrop_abnormal_ends_in_a_row":
            "Runs in a row that ended abnormally with no file to blame; from 2, newsdrop keeps ending outside parsing and files stay in the spool.",
        "newsdrop_build_info": "Always 1; the version label names this build.",
    ]

    /// Latency buckets for commits and syncs, in seconds: a sync takes about a millisecond on an SSD.
    static let commitBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5),
    ]
    /// Buckets for drop-to-record latency: from a millisecond to a minute.
    static let dropBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(5), .seconds(15), .seconds(60),
    ]

    public init(factory: any MetricsFactory) {
        self.factory = factory
        func files(_ outcome: String) -> Counter {
            Counter(label: "newsdrop_articles_total", dimensions: [("outcome", outcome)], factory: factory)
        }
        ingested = files("ingested")
        duplicates = files("duplicate")
        nearDuplicates = files("near_duplicate")
        bytes = Counter(label: "newsdrop_ingested_bytes_total", factory: factory)
        commitSeconds = Timer(label: "newsdrop_batch_commit_seconds", factory: factory)
        syncSeconds = Timer(label: "newsdrop_fdatasync_seconds", factory: factory)
        dropToRecordSeconds = Timer(label: "newsdrop_drop_to_record_seconds", factory: factory)
        backlog = Gauge(label: "newsdrop_backlog_files", factory: factory)
        archiveBytes = Gauge(label: "newsdrop_archive_bytes", factory: factory)
        segments = Gauge(label: "newsdrop_archive_segments", factory: factory)
        knownArticles = Gauge(label: "newsdrop_known_articles", factory: factory)
        dedupMemoryBytes = Gauge(label: "newsdrop_dedup_memory_bytes", factory: factory)
        degraded = Gauge(label: "newsdrop_degraded", factory: factory)
        abnormalEndsInARow = Gauge(label: "newsdrop_abnormal_ends_in_a_row", factory: factory)
        Gauge(label: "newsdrop_build_info", dimensions: [("version", NewsdropVersion.current)], factory: factory).record(1)
    }

    /// Metrics that go nowhere.
    public static let disabled = DaemonMetrics(factory: NOOPMetricsHandler.instance)

    /// Counts a file that could not be ingested, by its reason (`failed/NAME.error.json`).
    func failed(reason: String) {
        Counter(label: "newsdrop_failed_files_total", dimensions: [("reason", reason)], factory: factory).increment()
    }

    /// Counts the last run's abnormal end, by cause (`parse_crash`, `parse_hang`,
    /// `crash_outside_parsing`, `no_evidence`).
    func abnormalEnd(cause: String) {
        Counter(label: "newsdrop_abnormal_ends_total", dimensions: [("cause", cause)], factory: factory).increment()
    }
}
