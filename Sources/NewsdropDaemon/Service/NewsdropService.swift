import Foundation
public import Logging
import NewsdropCore
import NewsdropInbox
import NewsdropIO
import NewsdropStore
public import ServiceLifecycle

/// The ingest daemon as a service: opens the archive and the dedup state, arms the inbox watch,
/// queues the start-up scan, then runs the pipeline until a graceful shutdown.
///
/// Shutdown stops intake, lets the batch in flight finish and become durable, writes the dedup
/// checkpoint and returns; files not yet taken stay in the inbox for the next start.
public struct NewsdropService: Service {
    public let settings: Settings
    public let logger: Logger
    public let counters = IngestCounters()

    public init(settings: Settings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        let inbox = try Inbox(spool: settings.spool)
        let archive = try ArchiveFile(path: settings.archive)
        if let repair = await archive.lastRepair {
            logger.warning("torn last line of the archive cut off and kept aside", metadata: [
                "event": "torn_tail", "torn_bytes": "\(repair.tornBytes)", "kept_at": "\(repair.keptAt)",
                "archive_offset": "\(repair.archiveLength)",
            ])
        }
        let dedup = try await LocalDedupIndex(stateDirectory: settings.state, archive: archive, logger: logger)
        let reconciled = await dedup.reconciliation
        logger.info("dedup state reconciled with the archive", metadata: [
            "event": "reconciled", "checkpoint_ids": "\(reconciled.fromCheckpoint)",
            "archive_records_read": "\(reconciled.readFromArchive)", "unreadable_lines": "\(reconciled.unreadableLines)",
        ])
        // The watch is armed before the scan, so a file arriving during the scan is not missed.
        let watcher = try InotifyWatcher(directory: inbox.inboxPath)
        let queue = CandidateQueue(settleInterval: .seconds(settings.settleInterval))
        let intake = InboxIntake(inbox: inbox, queue: queue, settleInterval: settings.settleInterval, logger: logger)
        try intake.scan(reason: "start-up")
        let knownArticles = await dedup.count()
        logger.info("newsdrop is ready", metadata: [
            "event": "ready", "inbox": "\(inbox.inboxPath)", "archive": "\(settings.archive)",
            "known_articles": "\(knownArticles)", "backlog": "\(queue.backlog)",
        ])
        let pipeline = IngestPipeline(
            inbox: inbox, queue: queue, archive: archive, dedup: dedup, settings: settings, counters: counters, logger: logger)

        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await intake.follow(watcher.events()) }
                group.addTask { await intake.rescanEvery(.seconds(settings.rescanInterval)) }
                group.addTask { await intake.promoteSettled(every: .seconds(settings.settleInterval / 2)) }
                await pipeline.run()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            logger.info("stopping: finishing the batch in flight", metadata: ["event": "stopping"])
            queue.close()
        }
        let totals = counters.snapshot
        logger.info("newsdrop stopped", metadata: [
            "event": "stopped", "ingested": "\(totals.ingested)", "duplicates": "\(totals.duplicates)",
            "failed": "\(totals.failed)", "left_in_inbox": "\(queue.backlog)",
        ])
    }
}
