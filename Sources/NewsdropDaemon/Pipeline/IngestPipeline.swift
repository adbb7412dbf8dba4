import Foundation
public import Logging
public import NewsdropArchive
import NewsdropCore
public import NewsdropInbox
public import NewsdropStore
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
    private let parser = ArticleParser()

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
        var inFlight: Int?
        var files: [(ClaimedFile, ParseOutcome)]

        static let empty = PreparedBatch(inFlight: nil, files: [])
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
            let changing = await decide(await prepare([file]))
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
                let changing = await decide(batch)
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
        return PreparedBatch(inFlight: batch, files: await readAndParse(claims, maxBytes: settings.current.maxArticleBytes))
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

    /// One article's way through the batch.
    private struct Accepted {
        var name: ClaimedFile
        var record: ArticleRecord
        var decision: ArticleDecision

        var isArchived: Bool { decision.isArchived }
    }

    /// A file whose articles all reached a verdict; retired once the new ones are durable.
    private struct AcceptedFile {
        var name: ClaimedFile
        var articles: Range<Int>
        var skipped: [SkippedItem]
    }

    /// Decides, commits and retires a batch already read and parsed, in inbox order, then clears
    /// it from the in-flight record; returns the files that changed while they were read, to be
    /// read again once they settle. They stay in `work/` meanwhile.
    func decide(_ batch: PreparedBatch) async -> [(ClaimedFile, EntryStamp)] {
        defer { if let number = batch.inFlight { inFlight.end(number) } }
        let settings = settings.current
        let rule = NearDuplicateRule(threshold: settings.nearDuplicateThreshold)
        var accepted: [Accepted] = []
        var files: [AcceptedFile] = []
        var changing: [(ClaimedFile, EntryStamp)] = []
        for (name, outcome) in batch.files {
            switch outcome {
            case .vanished:
                logger.event(
                    .vanished, .warning, "a claimed file vanished from work/ before it could be read",
                    ["source_file": "\(name)", "work_name": "\(name.workName)"])
            case .changed(let stamp):
                logger.event(
                    .changed, .info, "file changed while it was read; it is read again once it settles",
                    ["source_file": "\(name)"])
                changing.append((name, stamp))
            case .rejected(let reason):
                reject(name, reason)
            case .parsed(let parsed):
                // Each article of a multi-article file is deduplicated on its own.
                let first = accepted.count
                for var record in parsed.records {
                    let verdict = await dedup.claim(record, policy: settings.nearDuplicates, rule: rule)
                    let decision = ArticleDecision(claimed: verdict, policy: settings.nearDuplicates)
                    decision.mark(&record)
                    accepted.append(Accepted(name: name, record: record, decision: decision))
                }
                files.append(AcceptedFile(name: name, articles: first..<accepted.count, skipped: parsed.skipped))
            }
        }
        guard !files.isEmpty else { return changing }
        let fresh = accepted.indices.filter { accepted[$0].isArchived }
        guard let placements = await commit(fresh.map { accepted[$0].record }) else { return changing }
        var offsetByArticle: [Int: UInt64] = [:]
        for (index, placement) in zip(fresh, placements) {
            // A shared archive decides again at commit: another instance may have been first.
            offsetByArticle[index] = accepted[index].decision.committed(placement)
            accepted[index].decision.mark(&accepted[index].record)
        }
        let durableAt = Date()
        var bytes = 0
        for file in files {
            // The file leaves the inbox only now: every one of its new articles is durable.
            for index in file.articles { report(accepted[index], offset: offsetByArticle[index]) }
            retire(file, after: settings.after)
            bytes += file.name.size
            if let first = file.articles.first {
                let waited = durableAt.timeIntervalSince(accepted[first].record.sourceFile.modified)
                counters.metrics.dropToRecordSeconds.recordNanoseconds(Int64(max(0, waited) * 1e9))
            }
        }
        counters.metrics.bytes.increment(by: bytes)
        let near = accepted.filter { if case .nearDuplicate = $0.decision.verdict { !$0.isArchived } else { false } }.count
        let archived = offsetByArticle.count
        counters.add(ingested: archived, duplicates: accepted.count - archived, nearDuplicates: near)
        return changing
    }

    /// What reading and parsing made of one file.
    enum ParseOutcome: Sendable {
        case parsed(ParsedFile)
        case rejected(RejectionError)
        case changed(EntryStamp)
        case vanished
    }

    /// Files per parallel task: small enough that the cores share a batch evenly while one of
    /// them also decides and commits the batch before.
    static let filesPerTask = 16

    /// The cores this process may use, read once: Foundation reads the cgroup's CPU quota files
    /// on every ask, which cost two opens per batch.
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// Reads and parses the files in parallel, in small runs spread over the cores; results keep
    /// the given order.
    ///
    /// Only one run more than there are cores waits in the executor's queue at any time. The
    /// queue is first come, first served, so a long queue of runs would hold back the batch
    /// before whenever it resumes from a wait (its `fdatasync`) until the whole read-ahead is
    /// parsed; with a short one it waits for one run at most.
    func readAndParse(_ names: [ClaimedFile], maxBytes: Int) async -> [(ClaimedFile, ParseOutcome)] {
        let cores = Self.cores
        guard cores > 1, names.count > Self.filesPerTask else {
            return names.map { ($0, readAndParse($0, maxBytes: maxBytes)) }
        }
        var outcomes = [ParseOutcome?](repeating: nil, count: names.count)
        await withTaskGroup(of: (Int, [ParseOutcome]).self) { group in
            var starts = stride(from: 0, to: names.count, by: Self.filesPerTask).makeIterator()
            func addRun(at start: Int) {
                group.addTask {
                    let run = names[start..<min(start + Self.filesPerTask, names.count)]
                    return (start, run.map { readAndParse($0, maxBytes: maxBytes) })
                }
            }
            for _ in 0...cores {
                guard let start = starts.next() else { break }
                addRun(at: start)
            }
            for await (start, run) in group {
                if let next = starts.next() { addRun(at: next) }
                for (offset, outcome) in run.enumerated() { outcomes[start + offset] = outcome }
            }
        }
        return zip(names, outcomes).map { ($0, $1!) }
    }

    func readAndParse(_ file: ClaimedFile, maxBytes: Int) -> ParseOutcome {
        let name = file.name
        switch inbox.read(file, maxBytes: maxBytes) {
        case .vanished: return .vanished
        case .changedWhileReading(let stamp): return .changed(stamp)
        case .rejected(let reason): return .rejected(reason)
        case .file(let bytes, let facts):
            return ParseSlots.parsing(file) {
                failpoints.applyWhileParsing(bytes)
                do throws(RejectionError) {
                    var parsed = try parser.parseAll(bytes, file: facts, now: Date())
                    if !name.isValidUTF8 {
                        for index in parsed.records.indices {
                            parsed.records[index].warnings.append(
                                "the file name is not valid UTF-8 (hex \(name.hex)); source_file.name shows U+FFFD for its undecodable bytes"
                            )
                        }
                    }
                    return .parsed(parsed)
                } catch {
                    return .rejected(error)
                }
            }
        }
    }

    /// Appends the new records durably, retrying with backoff while the archive fails. Returns
    /// `nil` when shutdown interrupts the retries: the files then stay in `work/` for the next start.
    private func commit(_ records: [ArticleRecord]) async -> [Placement]? {
        guard !records.isEmpty else { return [] }
        failpoints.applyWhileCommitting(records)
        var backoff = Backoff()
        while true {
            do {
                let started = ContinuousClock.now
                let placements = try await archive.appendDurably(records)
                counters.metrics.commitSeconds.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
                if let sync = await archive.lastSyncDuration() { counters.metrics.syncSeconds.recordNanoseconds(sync.nanoseconds) }
                var placed: [ArticleID: UInt64] = [:]
                var superseded: [ArticleID] = []
                for (record, placement) in zip(records, placements) {
                    if let position = placement.position { placed[record.id] = position } else { superseded.append(record.id) }
                }
                if !superseded.isEmpty { await dedup.release(superseded) }
                await dedup.committed(placed, archiveLength: await archive.durableLength())
                if counters.setDegraded(nil) {
                    logger.event(.recovered, .notice, "archive writes succeed again; intake resumed")
                }
                return placements
            } catch {
                let reason = "\(error)"
                if counters.setDegraded("archive write failed: \(reason)") {
                    logger.event(
                        .degraded, .error, "archive write failed; files wait in the spool and the write is retried",
                        ["error": "\(reason)", "archive": "\(settings.current.archiveDescription)"])
                }
                let delay = backoff.next()
                logger.event(.ioError, .warning, "archive append failed", ["error": "\(reason)", "retry_in": "\(delay)"])
                await betweenBatches()
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    await dedup.release(records.map(\.id))
                    return nil
                }
            }
        }
    }

    private func retire(_ file: AcceptedFile, after: AfterIngest) {
        for item in file.skipped {
            logger.event(
                .itemSkipped, .warning, "an item of the file was skipped: \(item.message)",
                ["source_file": "\(file.name)", "item": "\(item.index)", "reason": "\(item.reason)"])
        }
        do {
            try inbox.retire(file.name, after: after, skipped: file.skipped, at: Date())
        } catch {
            logger.event(
                .ioError, .error, "could not retire an ingested file; it stays in work/ and is retired at the next start",
                ["source_file": "\(file.name)", "error": "\(error)"])
        }
    }

    /// Logs an article's verdict: `debug` events, built only when that level is logged.
    private func report(_ item: Accepted, offset: UInt64?) {
        guard logger.logLevel <= .debug else { return }
        switch item.decision.verdict {
        case .duplicate(let original):
            logger.event(.duplicate, .debug, "duplicate skipped", ["source_file": "\(item.name)", "duplicate_of": "\(original)"])
        case .nearDuplicate(let original, let similarity) where !item.isArchived:
            logger.event(
                .nearDuplicate, .debug, "near-duplicate skipped",
                [
                    "source_file": "\(item.name)", "duplicate_of": "\(original)", "similarity": "\(Self.rounded(similarity))",
                ])
        case .new, .nearDuplicate:
            var metadata: Logger.Metadata = [
                "source_file": "\(item.name)", "article_id": "\(item.record.id)",
                "archive_offset": "\(offset ?? 0)", "input_format": "\(item.record.inputFormat.rawValue)",
            ]
            if let index = item.record.sourceFile.item { metadata["item"] = "\(index)" }
            if let original = item.record.nearDuplicateOf, let similarity = item.record.similarity {
                metadata["duplicate_of"] = "\(original)"
                metadata["similarity"] = "\(Self.rounded(similarity))"
            }
            logger.event(.ingested, .debug, "article ingested", metadata)
        }
    }

    static func rounded(_ similarity: Double) -> Double {
        (similarity * 10_000).rounded() / 10_000
    }

    private func reject(_ name: ClaimedFile, _ reason: RejectionError) {
        do {
            let kept = try inbox.reject(name, because: reason, history: nil, at: Date())
            logger.event(
                .rejected, .warning, "file rejected: \(reason.message)",
                ["source_file": "\(name)", "reason": "\(reason.reason)", "failed_as": "\(kept)"])
        } catch {
            logger.event(
                .rejected, .error, "file rejected but could not be moved to failed/; it stays in work/",
                ["source_file": "\(name)", "reason": "\(reason.reason)", "error": "\(error)"])
        }
        counters.failed(reason: reason.reason)
    }
}
