import Foundation
import Logging
import NewsdropCore
import NewsdropInbox
import NewsdropTestSupport
import Testing

@testable import NewsdropDaemon

/// The pipeline runs on the test process's own cooperative threads, which CPU-bound tests may hold
/// for many seconds; so waits here poll without a clock of their own and the time limit ends a hang.
@Suite("The ingest pipeline, on an inbox and an archive in memory", .timeLimit(.minutes(1)))
struct IngestPipelineTests {
    /// A pipeline over doubles, with small batches.
    struct Scene {
        let folder: TemporaryFolder
        let inbox: MemoryInbox
        let queue: CandidateQueue
        let counters = IngestCounters()
        let archive: MemoryArchive
        let dedup = MemoryDedupIndex()
        let pipeline: IngestPipeline

        init(
            maxBatch: Int = 4, inbox: MemoryInbox = MemoryInbox(),
            queue: CandidateQueue = CandidateQueue(settleInterval: .milliseconds(20)), archive: MemoryArchive = MemoryArchive()
        ) throws {
            folder = try TemporaryFolder()
            self.inbox = inbox
            self.queue = queue
            self.archive = archive
            var settings = Settings()
            settings.maxBatch = maxBatch
            settings.settleInterval = 0.02
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            pipeline = IngestPipeline(
                inbox: inbox, queue: queue, archive: archive, dedup: dedup, settings: LiveSettings(settings),
                counters: counters, logger: logger, inFlight: try InFlightRecord(stateDirectory: folder.path))
        }

        /// Drops the articles and offers their names as ready.
        func drop(_ articles: [(name: String, text: String)]) {
            for (name, text) in articles {
                inbox.drop(name, text)
                _ = queue.offer(EntryName(name), .ready)
            }
        }

        /// Runs the pipeline until `done` holds (nudging it, as progress reports do), then closes
        /// the queue and waits for the loop to end.
        func run(until done: @escaping @Sendable () async -> Bool) async throws {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await pipeline.run() }
                while await !done() {
                    queue.nudge()
                    try await Task.sleep(for: .milliseconds(10))
                }
                queue.close()
                try await group.waitForAll()
            }
        }
    }

    static func article(_ number: Int) -> String {
        "Title: Story \(number)\n\nThe body of story number \(number), with a few words.\n"
    }

    @Test("a failed commit retires nothing, is retried with the same records, and retires each file once it succeeds")
    func failedCommit() async throws {
        let inbox = MemoryInbox()
        let retiredAtFailures = RetiredCounts()
        let archive = MemoryArchive(failing: 2) { _ in retiredAtFailures.append(inbox.done.count) }
        let scene = try Scene(inbox: inbox, archive: archive)
        defer { scene.folder.remove() }
        scene.drop((0..<3).map { ("s\($0).txt", Self.article($0)) })
        try await scene.run { inbox.done.count == 3 }
        #expect(retiredAtFailures.values == [0, 0, 0])
        #expect(await archive.attempts == 3)
        let attempted = await archive.attempted
        #expect(attempted.count == 3 && attempted.allSatisfy { $0 == attempted[0] })
        #expect(await scene.dedup.released.isEmpty)
        #expect(await archive.records.count == 3)
        #expect(Set(inbox.done) == ["s0.txt", "s1.txt", "s2.txt"])
        #expect(scene.counters.snapshot.ingested == 3)
        #expect(scene.counters.snapshot.degraded == nil)
    }

    @Test("two copies in one batch: one record, both files retired, one counted a duplicate")
    func copiesInOneBatch() async throws {
        let scene = try Scene()
        defer { scene.folder.remove() }
        scene.drop([("a.txt", Self.article(1)), ("b.txt", Self.article(1)), ("c.txt", Self.article(2))])
        try await scene.run { scene.inbox.done.count == 3 }
        #expect(await scene.archive.records.map(\.sourceFile.name) == ["a.txt", "c.txt"])
        #expect(await scene.archive.attempts == 1)
        #expect(scene.counters.snapshot.duplicates == 1)
        #expect(scene.counters.snapshot.ingested == 2)
    }

    @Test("a file that changes while it is read stays claimed and is read again once it settles")
    func changedWhileRead() async throws {
        let scene = try Scene()
        defer { scene.folder.remove() }
        scene.inbox.changeOnNextRead("growing.txt")
        scene.drop([("growing.txt", Self.article(1)), ("other.txt", Self.article(2))])
        try await scene.run { scene.inbox.done.count == 2 }
        #expect(scene.inbox.reads(of: "growing.txt") == 2)
        #expect(scene.inbox.reads(of: "other.txt") == 1)
        #expect(await scene.archive.records.count == 2)
        #expect(scene.inbox.inWork == 0)
    }

    @Test("a batch read ahead when the queue closes is still committed and retired; names not taken stay in the inbox")
    func readAheadAtShutdown() async throws {
        let inbox = MemoryInbox()
        let queue = CandidateQueue(settleInterval: .milliseconds(20))
        // The first commit closes the queue: by then the next batch has been taken and read.
        let archive = MemoryArchive { attempt in if attempt == 1 { queue.close() } }
        let scene = try Scene(maxBatch: 4, inbox: inbox, queue: queue, archive: archive)
        defer { scene.folder.remove() }
        scene.drop((0..<12).map { ("s\($0).txt", Self.article($0)) })
        await scene.pipeline.run()
        #expect(inbox.done.count == 8)
        #expect(await archive.records.count == 8)
        #expect(await archive.attempts == 2)
        #expect(try inbox.scan().count == 4)
        #expect(inbox.inWork == 0)
    }

    @Test("an unreadable file goes to failed/ with its reason and the batch goes on")
    func rejected() async throws {
        let scene = try Scene()
        defer { scene.folder.remove() }
        scene.drop([("empty.txt", ""), ("good.txt", Self.article(1))])
        try await scene.run { scene.inbox.done.count + scene.inbox.failed.count == 2 }
        #expect(scene.inbox.failed.map(\.name) == ["empty.txt"])
        #expect(scene.inbox.done == ["good.txt"])
        #expect(scene.counters.snapshot.failed == 1)
    }
}
