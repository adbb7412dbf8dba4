import Foundation
import Logging
import NewsdropCore
import NewsdropStore
import NewsdropTestSupport
import Testing

@Suite("Exact dedup state")
struct LocalDedupIndexTests {
    let logger = Logger(label: "test")

    func record(_ text: String) throws -> ArticleRecord {
        try ArticleParser().parse(Array(text.utf8), file: FileFacts(name: "f", modified: Date()), now: Date())
    }

    @Test("a claimed id is a duplicate afterwards; a released one is new again")
    func claimAndRelease() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let archive = try ArchiveFile(path: folder.file("archive.jsonl").path)
        let index = try await LocalDedupIndex(stateDirectory: folder.file("state").path, archive: archive, logger: logger)
        let article = try record("One article body.")
        #expect(await index.claim(article) == .new)
        #expect(await index.claim(article) == .duplicate(of: article.id))
        await index.release([article.id])
        #expect(await index.claim(article) == .new)
    }

    @Test("state survives a restart through the checkpoint plus the archive tail")
    func restart() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let state = folder.file("state").path
        let first = try record("First article.")
        let second = try record("Second article.")
        do {
            let archive = try ArchiveFile(path: folder.file("archive.jsonl").path)
            let index = try await LocalDedupIndex(stateDirectory: state, archive: archive, logger: logger)
            _ = await index.claim(first)
            let offsets = try await archive.appendLinesDurably([first.jsonBytes()])
            await index.committed([first.id: offsets[0]], archiveLength: await archive.durableLength())
            try await index.checkpoint()
            // Written after the checkpoint, as if the process died before the next one.
            _ = await index.claim(second)
            _ = try await archive.appendLinesDurably([second.jsonBytes()])
        }
        let archive = try ArchiveFile(path: folder.file("archive.jsonl").path)
        let index = try await LocalDedupIndex(stateDirectory: state, archive: archive, logger: logger)
        #expect(await index.reconciliation.fromCheckpoint == 1)
        #expect(await index.reconciliation.readFromArchive == 1)
        #expect(await index.claim(first) == .duplicate(of: first.id))
        #expect(await index.claim(second) == .duplicate(of: second.id))
    }

    @Test("ids not yet durable never reach the checkpoint")
    func reservedNotCheckpointed() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let state = folder.file("state").path
        let pending = try record("Pending article.")
        do {
            let archive = try ArchiveFile(path: folder.file("archive.jsonl").path)
            let index = try await LocalDedupIndex(stateDirectory: state, archive: archive, logger: logger)
            _ = await index.claim(pending)
            try await index.checkpoint()
        }
        let archive = try ArchiveFile(path: folder.file("archive.jsonl").path)
        let index = try await LocalDedupIndex(stateDirectory: state, archive: archive, logger: logger)
        #expect(await index.claim(pending) == .new)
    }

    @Test("a missing or damaged checkpoint is rebuilt from the whole archive")
    func rebuild() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let state = folder.file("state")
        let articles = try (1...5).map { try record("Article number \($0).") }
        try Data(articles.map { $0.jsonLine() + "\n" }.joined().utf8).write(to: folder.file("archive.jsonl"))
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try Data("garbage".utf8).write(to: state.appendingPathComponent(LocalDedupIndex.checkpointName))
        let archive = try ArchiveFile(path: folder.file("archive.jsonl").path)
        let index = try await LocalDedupIndex(stateDirectory: state.path, archive: archive, logger: logger)
        #expect(await index.count() == 5)
        #expect(await index.reconciliation.readFromArchive == 5)
        let checkpoint = try #require(try DedupCheckpoint.read(from: state.appendingPathComponent(LocalDedupIndex.checkpointName).path))
        #expect(checkpoint.ids.count == 5)
        #expect(checkpoint.coveredLength == UInt64(try Data(contentsOf: folder.file("archive.jsonl")).count))
    }

    @Test("the checkpoint encoding round-trips and rejects truncation")
    func checkpointEncoding() {
        let checkpoint = DedupCheckpoint(
            archive: FileIdentity(device: 7, inode: 9), coveredLength: 1234, ids: [1, UInt128.max, 42],
            near: [.init(simhash: 0xDEAD_BEEF, offset: 99), .init(simhash: 1, offset: 4096)])
        let bytes = checkpoint.encoded()
        #expect(DedupCheckpoint(decoding: bytes) == checkpoint)
        #expect(DedupCheckpoint(decoding: Array(bytes.dropLast())) == nil)
    }
}
