import Foundation
public import Logging
import NewsdropCore
public import NewsdropInbox
public import NewsdropStore

/// Takes ready inbox names in batches and carries each file to its end: a durable record (or the
/// record it duplicates) and `done/`, or `failed/` with a reason.
///
/// Order per batch: read and parse every file, claim ids in the dedup index, append the new records
/// in one write and one `fdatasync` (group commit), then retire the files. A file leaves the inbox
/// only after the record it stands for is durable; a crash at any point leaves it in the inbox, and
/// on restart it is recognized as a duplicate of the record already written.
public struct IngestPipeline: Sendable {
    public let inbox: Inbox
    public let queue: CandidateQueue
    public let archive: any ArchiveWriter
    public let dedup: any DedupIndex
    public let settings: Settings
    public let counters: IngestCounters
    public let logger: Logger
    private let parser = ArticleParser()

    public init(
        inbox: Inbox, queue: CandidateQueue, archive: any ArchiveWriter, dedup: any DedupIndex,
        settings: Settings, counters: IngestCounters, logger: Logger
    ) {
        self.inbox = inbox
        self.queue = queue
        self.archive = archive
        self.dedup = dedup
        self.settings = settings
        self.counters = counters
        self.logger = logger
    }

    /// Processes batches until the queue closes; the batch in flight always completes.
    public func run() async {
        var lastCheckpoint = ContinuousClock.now
        while true {
            let names = await queue.take(upTo: settings.maxBatch)
            guard !names.isEmpty else { break }
            await process(names)
            queue.finished(names, stamp: inbox.quickStat)
            if ContinuousClock.now - lastCheckpoint > .seconds(settings.checkpointInterval) {
                await checkpoint()
                lastCheckpoint = .now
            }
        }
        await checkpoint()
    }

    /// Writes the dedup state's checkpoint, logging (not throwing) a failure: the archive stays
    /// the truth and the next start-up reads whatever the checkpoint lacks.
    func checkpoint() async {
        do {
            try await dedup.checkpoint()
        } catch {
            logger.error("could not write the dedup checkpoint; start-up will read more of the archive",
                         metadata: ["event": "io_error", "error": "\(error)"])
        }
    }

    /// One file's way through the batch.
    private struct Accepted {
        var name: String
        var record: ArticleRecord
        /// The id of the article this file duplicates; `nil` for a new article.
        var duplicateOf: ArticleID?
    }

    func process(_ names: [String]) async {
        var accepted: [Accepted] = []
        for name in names {
            let now = Date()
            switch inbox.read(name, maxBytes: settings.maxArticleBytes) {
            case .vanished:
                logger.debug("file vanished before it could be read", metadata: ["event": "vanished", "source_file": "\(name)"])
            case .rejected(let reason):
                reject(name, reason)
            case .file(let bytes, let facts):
                do {
                    let record = try parser.parse(bytes, file: facts, now: now)
                    accepted.append(Accepted(name: name, record: record, duplicateOf: await dedup.claim(record)))
                } catch {
                    reject(name, error)
                }
            }
        }
        guard !accepted.isEmpty else { return }
        let fresh = accepted.filter { $0.duplicateOf == nil }
        guard let offsets = await commit(fresh) else { return }
        var offsetByName: [String: UInt64] = [:]
        for (item, offset) in zip(fresh, offsets) { offsetByName[item.name] = offset }
        for item in accepted {
            retire(item, offset: offsetByName[item.name])
        }
        counters.add(ingested: fresh.count, duplicates: accepted.count - fresh.count)
    }

    /// Appends the new records durably, retrying with backoff while the archive fails. Returns
    /// `nil` when shutdown interrupts the retries: the files then stay in the inbox.
    private func commit(_ fresh: [Accepted]) async -> [UInt64]? {
        guard !fresh.isEmpty else { return [] }
        let lines = fresh.map { $0.record.jsonBytes() }
        var delay = Duration.milliseconds(250)
        while true {
            do {
                let offsets = try await archive.appendDurably(lines)
                await dedup.committed(archiveLength: await archive.durableLength())
                return offsets
            } catch {
                logger.error("archive append failed; the files stay in the inbox and the write is retried",
                             metadata: ["event": "io_error", "error": "\(error)", "retry_in": "\(delay)"])
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    await dedup.release(fresh.map(\.record.id))
                    return nil
                }
                delay = min(delay * 2, .seconds(30))
            }
        }
    }

    private func retire(_ item: Accepted, offset: UInt64?) {
        do {
            try inbox.retire(item.name, after: settings.after)
        } catch {
            logger.error("could not retire an ingested file; it stays in the inbox and is retired on a later scan",
                         metadata: ["event": "io_error", "source_file": "\(item.name)", "error": "\(error)"])
        }
        if let duplicateOf = item.duplicateOf {
            logger.debug("duplicate skipped", metadata: [
                "event": "duplicate", "source_file": "\(item.name)", "duplicate_of": "\(duplicateOf)",
            ])
        } else {
            logger.debug("article ingested", metadata: [
                "event": "ingested", "source_file": "\(item.name)", "article_id": "\(item.record.id)",
                "archive_offset": "\(offset ?? 0)", "input_format": "\(item.record.inputFormat.rawValue)",
            ])
        }
    }

    private func reject(_ name: String, _ reason: RejectionError) {
        do {
            let kept = try inbox.reject(name, because: reason, at: Date())
            logger.warning("file rejected: \(reason.message)", metadata: [
                "event": "rejected", "source_file": "\(name)", "reason": "\(reason.reason)", "failed_as": "\(kept)",
            ])
        } catch {
            logger.error("file rejected but could not be moved to failed/; it stays in the inbox", metadata: [
                "event": "rejected", "source_file": "\(name)", "reason": "\(reason.reason)", "error": "\(error)",
            ])
        }
        counters.add(failed: 1)
    }
}
