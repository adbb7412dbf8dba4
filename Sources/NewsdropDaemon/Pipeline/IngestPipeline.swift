import Foundation
public import Logging
public import NewsdropArchive
import NewsdropCore
public import NewsdropInbox
import NewsdropSystemd

/// Takes ready inbox names in batches and carries each file to its end: a durable record (or the
/// record it duplicates) and `done/`, or `failed/` with a reason.
///
/// Order per batch: claim every file into `work/` (out of the producers' reach), note the batch in
/// the in-flight record, read and parse the files, claim ids in the dedup index, append the new
/// records in one write and one `fdatasync` (group commit), then retire the files and clear the
/// batch from the in-flight record. A file leaves `work/` only after the record it stands for is
/// durable; a crash at any point leaves it there, and on restart it is recognized as a duplicate
/// of the record already written, or, when it was in flight, parsed on its own.
public struct IngestPipeline: Sendable {
    let inbox: any InboxFiles
    public let queue: CandidateQueue
    public let archive: any ArchiveWriter
    public let dedup: any DedupIndex
    public let settings: LiveSettings
    public let counters: IngestCounters
    public let logger: Logger
    let inFlight: InFlightRecord
    let failpoints: Failpoints
    /// Runs after every batch and every idle wake-up: progress reports, reloads, checkpoints.
    public let betweenBatches: @Sendable () async -> Void
    let parser = ArticleParser()

    package init(
        inbox: any InboxFiles, queue: CandidateQueue, archive: any ArchiveWriter, dedup: any DedupIndex,
        settings: LiveSettings, counters: IngestCounters, logger: Logger, inFlight: InFlightRecord,
        failpoints: Failpoints = .current,
        betweenBatches: @escaping @Sendable () async -> Void = {}
    ) {
        self.inbox = inbox
        self.queue = queue
        self.archive = archive
        self.dedup = dedup
        self.settings = settings
        self.counters = counters
        self.logger = logger
        self.inFlight = inFlight
        self.failpoints = failpoints
        self.betweenBatches = betweenBatches
    }

    /// A batch claimed, read and parsed, in claim order, with its number in the in-flight record.
    struct PreparedBatch: Sendable {
        var inFlightNumber: Int?
        var files: [(ClaimedFile, ParseOutcome)]

        static let empty = PreparedBatch(inFlightNumber: nil, files: [])
    }

    /// Processes batches until the queue closes; the batch in flight always completes.
    ///
    /// First come the files an earlier run left in `work/`: the suspects of a crash one at a
    /// time, each in a batch of its own, then the other leftovers. Then, while one batch is
    /// decided, committed and retired in inbox order, the next one (when files are ready) is
    /// already claimed, read and parsed on the other cores. Reading ahead changes nothing for
    /// durability: a file read ahead is still only retired after its own batch commits, and a
    /// batch read ahead when the queue closes is processed before the loop ends.
    func run(recovering plan: RecoveryPlan = RecoveryPlan()) async {
        var lastCheckpoint = ContinuousClock.now
        // The settle interval is fixed for the life of the process (a reload does not change it).
        var settling = SettleList<ClaimedFile>(interval: .seconds(settings.current.settleInterval))
        for file in plan.isolated where !queue.isClosed {
            let changing = await process(await prepare([file]))
            settling.add(contentsOf: changing)
            do {
                try plan.counts?.forget(file)
            } catch {
                logger.event(.ioError, .warning, "could not update the crash counts", ["error": "\(error)"])
            }
            await betweenBatches()
        }
        var leftovers = plan.leftovers[...]
        var readAhead: PreparedBatch?
        while true {
            let batch: PreparedBatch
            let maxBatch = settings.current.maxBatch
            if let prepared = readAhead {
                batch = prepared
                readAhead = nil
            } else {
                var claims = settling.takeSettled(upTo: maxBatch, stamp: inbox.stamp(of:))
                claims += leftovers.prefix(maxBatch - claims.count)
                leftovers = leftovers.dropFirst(claims.count)
                if !claims.isEmpty, !queue.isClosed {
                    batch = await prepare(claims)
                } else {
                    guard let names = await queue.take(upTo: maxBatch) else { break }
                    batch = names.isEmpty ? .empty : await prepare(names: names)
                }
            }
            if !batch.files.isEmpty {
                let upcoming = queue.takeReady(upTo: maxBatch)
                async let next = upcoming.isEmpty ? nil : prepare(names: upcoming)
                let changing = await process(batch)
                settling.add(contentsOf: changing)
                readAhead = await next
            }
            if ContinuousClock.now - lastCheckpoint > .seconds(settings.current.checkpointInterval) {
                await checkpoint()
                lastCheckpoint = .now
            }
            await betweenBatches()
        }
        await checkpoint()
    }

    /// Claims the named inbox files into `work/`, then reads and parses them. A name that is gone
    /// is skipped: a producer replaced or removed the file before it was claimed, and the new
    /// entry, if any, has an event of its own.
    func prepare(names: [EntryName]) async -> PreparedBatch {
        var claims: [ClaimedFile] = []
        claims.reserveCapacity(names.count)
        for name in names {
            do {
                if let claim = try inbox.claim(name) {
                    claims.append(claim)
                } else {
                    logger.event(.vanished, .debug, "file vanished before it could be claimed", ["source_file": "\(name)"])
                }
            } catch {
                logger.event(
                    .ioError, .error, "could not claim an inbox file; it stays in the inbox for a later scan",
                    ["source_file": "\(name)", "error": "\(error)"])
            }
        }
        queue.finished(names, stamp: inbox.quickStat)
        return await prepare(claims)
    }

    /// Notes claimed files in the in-flight record, then reads and parses them.
    func prepare(_ claims: [ClaimedFile]) async -> PreparedBatch {
        guard !claims.isEmpty else { return .empty }
        let batch = inFlight.begin(claims)
        return PreparedBatch(inFlightNumber: batch, files: await readAndParse(claims, maxBytes: settings.current.maxArticleBytes))
    }

    /// Writes the dedup state's checkpoint, logging (not throwing) a failure: the archive stays
    /// the truth and the next start-up reads whatever the checkpoint lacks.
    func checkpoint() async {
        do {
            try await dedup.checkpoint()
        } catch {
            logger.event(
                .ioError, .error, "could not write the dedup checkpoint; start-up will read more of the archive",
                ["error": "\(error)"])
        }
    }
}
