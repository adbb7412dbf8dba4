import Foundation
public import Logging
import NewsdropCore
import NewsdropIO
import NewsdropInbox
import NewsdropStore
public import NewsdropSystemd
public import ServiceLifecycle
import UnixSignals

/// The ingest daemon as a service: opens the archive and the dedup state, arms the inbox watch,
/// queues the start-up scan, says READY=1, then runs the pipeline until a graceful shutdown.
///
/// SIGHUP reloads: the config file is read again and the archive path reopened (after an external
/// rotation). Shutdown stops intake, lets the batch in flight finish and become durable, writes the
/// dedup checkpoint and returns; files not yet taken stay in the inbox for the next start.
public struct NewsdropService: Service {
    public let settings: LiveSettings
    public let logLevel: LogLevelSetting
    public let logger: Logger
    public let notifier: any ServiceNotifier
    /// Reads the settings again for a reload (flags, environment and config file).
    public let reloadSettings: @Sendable () async throws -> Settings
    public let counters: IngestCounters

    public init(
        settings: Settings, logLevel: LogLevelSetting, logger: Logger, notifier: any ServiceNotifier,
        metrics: DaemonMetrics = .disabled, reloadSettings: @escaping @Sendable () async throws -> Settings
    ) {
        self.counters = IngestCounters(metrics: metrics)
        self.settings = LiveSettings(settings)
        self.logLevel = logLevel
        self.logger = logger
        self.notifier = notifier
        self.reloadSettings = reloadSettings
    }

    public func run() async throws {
        let initial = settings.current
        logger.event(
            .started, .info, "newsdrop starting",
            [
                "spool": "\(initial.spool)", "archive": "\(initial.archiveDescription)", "state": "\(initial.state)",
                "backend": "\(initial.backend.rawValue)",
            ])
        guard let stateLock = try StateLock(stateDirectory: initial.state) else {
            throw StateInUse(state: initial.state)
        }
        defer { withExtendedLifetime(stateLock) {} }
        let inbox = try Inbox(spool: initial.spool)
        // Files an earlier run claimed and did not retire: quarantined on evidence, parsed on
        // their own first, or ingested again. The last run's evidence is read before this run's
        // starts, empty, so that a crash from here on (opening the archive included) is recorded.
        let plan = try CrashRecovery(inbox: inbox, stateDirectory: initial.state, logger: logger, counters: counters)
            .plan(after: CrashEvidence.lastEnd(stateDirectory: initial.state))
        let evidence = try CrashEvidence.start(stateDirectory: initial.state)
        defer { evidence.closeCleanly() }
        let startUp = StartUp(plan: plan, evidence: evidence)
        switch initial.backend {
        case .file: try await runOnFile(inbox: inbox, startUp: startUp)
        case .postgres: try await runOnPostgres(inbox: inbox, startUp: startUp)
        }
    }

    /// What the start-up hands the pipeline: the leftovers' plan, and this run's crash evidence.
    struct StartUp: Sendable {
        let plan: RecoveryPlan
        let evidence: CrashEvidence
    }

    /// Watches the inbox and runs the pipeline into `store` until a graceful shutdown: arms the
    /// watch, queues the start-up scan, says READY=1, and handles SIGHUP between batches.
    func ingest(inbox: Inbox, store: some IngestStore, startUp: StartUp) async throws {
        let initial = settings.current
        let plan = startUp.plan
        // The watch is armed before the scan, so a file arriving during the scan is not missed.
        let watcher = try InotifyWatcher(directory: inbox.inboxPath)
        let queue = CandidateQueue(settleInterval: .seconds(initial.settleInterval))
        let intake = InboxIntake(inbox: inbox, queue: queue, settings: settings, logger: logger)
        let inFlight = try InFlightRecord(stateDirectory: initial.state)
        let failpoints = Failpoints.current
        if failpoints.isActive || !failpoints.unknown.isEmpty {
            logger.warning(
                "NEWSDROP_FAILPOINTS is set: parsing a file with a marker crashes or hangs newsdrop on purpose (for tests only)",
                metadata: ["unknown_failpoints": "\(failpoints.unknown.joined(separator: ","))"])
        }
        try intake.scan(reason: "start-up")
        let knownArticles = await store.dedup.count()
        let progress = ProgressReporter(
            counters: counters, queue: queue, notifier: notifier, settings: settings, logger: logger, stateDirectory: initial.state)
        notifier.ready(status: progress.statusLine())
        logger.event(
            .ready, .info, "newsdrop is ready",
            [
                "inbox": "\(inbox.inboxPath)", "known_articles": "\(knownArticles)",
                "backlog": "\(queue.backlog + plan.isolated.count + plan.leftovers.count)",
            ])

        let reload = ReloadRequest()
        let sampler = MetricsSampler(metrics: counters.metrics, queue: queue, store: store)
        let pipeline = IngestPipeline(
            inbox: inbox, queue: queue, archive: store.archive, dedup: store.dedup, settings: settings, counters: counters, logger: logger,
            inFlight: inFlight, failpoints: failpoints,
            betweenBatches: {
                if reload.take() {
                    notifier.reloading()
                    logger.event(.reloading, .info, "reloading: reading the configuration and reopening the archive")
                    await self.applyReloadedSettings()
                    await store.reload()
                    notifier.ready(status: progress.statusLine())
                }
                await store.betweenBatches()
                progress.report()
                await sampler.sample()
            })
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await intake.follow(watcher.events()) }
                group.addTask { await intake.rescanPeriodically() }
                group.addTask { await intake.tick() }
                group.addTask { await store.runInBackground() }
                group.addTask {
                    await HangWatch(notifier: notifier, settings: settings, evidence: startUp.evidence, logger: logger).run()
                }
                group.addTask { await forgetAbnormalEnds(after: AbnormalEndStreak.stableRun, progress: progress) }
                group.addTask {
                    for await _ in hangups {
                        reload.request()
                        queue.nudge()
                    }
                }
                await pipeline.run(recovering: plan)
                store.finish()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            notifier.stopping()
            logger.event(.stopping, .info, "stopping: finishing the batch in flight")
            queue.close()
        }
        progress.saveTotals()
        let totals = counters.snapshot
        logger.event(
            .stopped, .info, "newsdrop stopped",
            [
                "ingested": "\(totals.ingested)", "duplicates": "\(totals.duplicates)", "near_duplicates": "\(totals.nearDuplicates)",
                "failed": "\(totals.failed)", "left_in_inbox": "\(queue.backlog)",
            ])
    }

    /// Ends a streak of abnormal ends once this run has lasted `stableRun`: newsdrop no longer
    /// keeps ending.
    func forgetAbnormalEnds(after stableRun: Duration, progress: ProgressReporter) async {
        var streak = AbnormalEndStreak(stateDirectory: settings.current.state)
        guard streak.count > 0, (try? await Task.sleep(for: stableRun)) != nil else { return }
        do {
            try streak.reset()
        } catch {
            logger.event(.ioError, .warning, "could not reset the count of abnormal ends", ["error": "\(error)"])
        }
        counters.setAbnormalEndsInARow(0)
        logger.event(.recovered, .notice, "newsdrop has run \(stableRun) without ending abnormally; the streak of abnormal ends is over")
        notifier.status(progress.statusLine())
    }

    /// Reads the settings again and applies those that can change live.
    func applyReloadedSettings() async {
        do {
            let fresh = try await reloadSettings()
            let current = settings.current
            var applied = fresh
            // Paths, the backend and the settle interval are fixed for the life of the process.
            applied.spool = current.spool
            applied.archive = current.archive
            applied.state = current.state
            applied.backend = current.backend
            applied.postgres = current.postgres
            applied.settleInterval = current.settleInterval
            applied.logTarget = current.logTarget
            if applied != fresh {
                logger.warning("paths, backend, postgres, settle_interval and log_target changes take effect at the next restart")
            }
            settings.current = applied
            logLevel.value = applied.logLevel
        } catch {
            logger.event(
                .ioError, .error, "reload: the configuration could not be read; keeping the current settings",
                ["error": "\(error)"])
        }
    }
}
