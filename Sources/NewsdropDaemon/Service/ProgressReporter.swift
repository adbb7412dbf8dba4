import Logging
import NewsdropInbox
import NewsdropSystemd
import Synchronization

/// Reports the pipeline's progress from its own loop: WATCHDOG=1, STATUS= with live counts, and a
/// periodic info summary (per-article entries are at debug, so a burst stays within journald's
/// rate limit while its totals are still logged).
final class ProgressReporter: Sendable {
    let counters: IngestCounters
    let queue: CandidateQueue
    let notifier: any ServiceNotifier
    let settings: LiveSettings
    let logger: Logger
    /// Totals of earlier runs, to which this run's are added in the state's counters file.
    let ledger: CountersLedger
    let stateDirectory: String
    private let lastSummary = Mutex<(at: ContinuousClock.Instant, totals: IngestCounters.Snapshot)>((.now, .init()))

    init(
        counters: IngestCounters, queue: CandidateQueue, notifier: any ServiceNotifier, settings: LiveSettings, logger: Logger,
        stateDirectory: String
    ) {
        self.stateDirectory = stateDirectory
        ledger = CountersLedger.load(stateDirectory: stateDirectory)
        self.counters = counters
        self.queue = queue
        self.notifier = notifier
        self.settings = settings
        self.logger = logger
    }

    /// The live counts for STATUS=, led by the state an operator must see first: stopping (the
    /// batch in flight is being finished), degraded, or ending abnormally again and again.
    func statusLine() -> String {
        let totals = counters.snapshot
        var line = "ingested \(totals.ingested), duplicates \(totals.duplicates), failed \(totals.failed), backlog \(queue.backlog)"
        if totals.abnormalEndsInARow >= AbnormalEndStreak.loop {
            line =
                "CRASH LOOP (ended abnormally outside parsing \(totals.abnormalEndsInARow) times in a row; files stay in the spool); \(line)"
        }
        if let degraded = totals.degraded { line = "DEGRADED (\(degraded)); \(line)" }
        return queue.isClosed ? "stopping; \(line)" : line
    }

    func report() {
        notifier.watchdogProgress()
        notifier.status(statusLine())
        let now = ContinuousClock.now
        let interval = Duration.seconds(settings.current.summaryInterval)
        let summary: (IngestCounters.Snapshot, IngestCounters.Snapshot)? = lastSummary.withLock { last in
            guard now - last.at >= interval else { return nil }
            let totals = counters.snapshot
            defer { last = (now, totals) }
            return totals == last.totals ? nil : (last.totals, totals)
        }
        if let (before, after) = summary {
            logger.event(
                .summary, .info, "ingest summary",
                [
                    "ingested": "\(after.ingested - before.ingested)", "duplicates": "\(after.duplicates - before.duplicates)",
                    "near_duplicates": "\(after.nearDuplicates - before.nearDuplicates)",
                    "failed": "\(after.failed - before.failed)", "backlog": "\(queue.backlog)",
                    "total_ingested": "\(after.ingested)",
                ])
            saveTotals()
        }
    }

    /// Adds this run's totals to the earlier runs' in the state folder.
    func saveTotals() {
        do {
            try ledger.adding(counters.snapshot).write(stateDirectory: stateDirectory)
        } catch {
            logger.event(.ioError, .warning, "could not write the counters file", ["error": "\(error)"])
        }
    }
}
