import Foundation
import NewsdropStore
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("tail --cursor-file", .serialized)
struct TailCursorTests {
    func ids(_ output: String) -> [String] {
        ReadSideStressTests.ids(output)
    }

    func drop(_ daemon: DaemonHarness, _ range: Range<Int>, _ generator: inout ArticleGenerator) async throws {
        for number in range { try daemon.drop("c\(number).txt", generator.article(number)) }
        try await daemon.waitUntil("\(range.upperBound) are done", timeout: 30) { daemon.names(in: daemon.done).count == range.upperBound }
    }

    @Test("SIGTERM saves the place after the last record printed; the next run, with or without -f, goes on from there")
    func resumeAfterStop() async throws {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_ROTATE_MAX_BYTES": "6000", "NEWSDROP_ROTATE_COMPRESS": "true"])
        try await daemon.start()
        var generator = try ArticleGenerator(seed: 5)
        let cursor = daemon.root.file("reader.cursor").path
        let archive = daemon.archive.path
        try await drop(daemon, 0..<6, &generator)
        // No cursor yet: --all-segments chooses the start.
        let first = try BackgroundCommand(["tail", "-f", "--all-segments", "--cursor-file", cursor, "--archive", archive])
        try await drop(daemon, 6..<10, &generator)
        try await daemon.waitUntil("the first run printed 10") { self.ids(first.stdout).count == 10 }
        #expect(first.stop() == 0)
        #expect(try ReadSideStressTests.cursorRecord(cursor) == ids(first.stdout).last)
        // Meanwhile more records, through rotations and compression.
        try await drop(daemon, 10..<20, &generator)
        #expect(ArchiveSegments(archivePath: archive).rotated().count >= 2)
        // The cursor exists: -n and --from-start no longer choose the start.
        let second = try CommandRun.newsdrop(["tail", "-n", "1", "--from-start", "--cursor-file", cursor, "--archive", archive])
        #expect(second.status == 0, "\(second.stderr)")
        let all = try ReadSideStressTests.archivedIDs(archive)
        #expect(ids(first.stdout) == Array(all[0..<10]))
        #expect(ids(second.stdout) == Array(all[10..<20]))
        let third = try CommandRun.newsdrop(["tail", "--cursor-file", cursor, "--archive", archive])
        #expect(third.status == 0 && third.stdout.isEmpty, "\(third.stderr)")
        #expect(try await daemon.stop() == 0)
    }

    @Test("a cursor whose segment retention deleted exits 78, unless --cursor-missing says oldest or newest")
    func missingSegment() async throws {
        let daemon = try DaemonHarness(environment: [
            "NEWSDROP_MAX_BATCH": "1", "NEWSDROP_ROTATE_MAX_BYTES": "1", "NEWSDROP_ROTATE_KEEP": "2",
        ])
        try await daemon.start()
        var generator = try ArticleGenerator(seed: 6)
        let cursor = daemon.root.file("reader.cursor").path
        let archive = daemon.archive.path
        try await drop(daemon, 0..<2, &generator)
        let read = try CommandRun.newsdrop(["tail", "--all-segments", "--cursor-file", cursor, "--archive", archive])
        #expect(ids(read.stdout).count == 2)
        for number in 2..<8 {
            try await drop(daemon, number..<(number + 1), &generator)
        }
        try await daemon.waitUntil("retention kept 2 segments") { ArchiveSegments(archivePath: archive).rotated().count == 2 }
        let saved = try Data(contentsOf: URL(fileURLWithPath: cursor))
        let refused = try CommandRun.newsdrop(["tail", "--cursor-file", cursor, "--archive", archive])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("no longer exists") && refused.stderr.contains("--cursor-missing"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: cursor)) == saved)
        let oldest = try CommandRun.newsdrop(["tail", "--cursor-file", cursor, "--cursor-missing", "oldest", "--archive", archive])
        #expect(oldest.status == 0, "\(oldest.stderr)")
        #expect(ids(oldest.stdout) == (try ReadSideStressTests.archivedIDs(archive)))
        try FileManager.default.removeItem(atPath: cursor)
        _ = try CommandRun.newsdrop(["tail", "--all-segments", "--cursor-file", cursor, "--archive", archive])
        for number in 8..<12 {
            try await drop(daemon, number..<(number + 1), &generator)
        }
        let newest = try CommandRun.newsdrop(["tail", "--cursor-file", cursor, "--cursor-missing", "newest", "--archive", archive])
        #expect(newest.status == 0 && newest.stdout.isEmpty, "\(newest.stderr)")
        try await drop(daemon, 12..<13, &generator)
        let next = try CommandRun.newsdrop(["tail", "--cursor-file", cursor, "--archive", archive])
        #expect(ids(next.stdout) == [try ReadSideStressTests.archivedIDs(archive).last!])
        #expect(try await daemon.stop() == 0)
    }

    @Test("a cursor file that is not a cursor, or names a line that is not there, is refused with EX_DATAERR")
    func unusableCursor() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let archive = folder.file("archive.jsonl").path
        FileManager.default.createFile(atPath: archive, contents: Data("{\"id\":\"x\"}\n".utf8))
        let cursor = folder.file("cursor").path
        FileManager.default.createFile(atPath: cursor, contents: Data("not json".utf8))
        let garbage = try CommandRun.newsdrop(["tail", "--cursor-file", cursor, "--archive", archive])
        #expect(garbage.status == 65)
        #expect(garbage.stderr.contains("not a newsdrop cursor"))
        let position = ArchivePosition.identity
        let identity = Array("{\"id\":\"x\"}".utf8).withUnsafeBufferPointer(position)
        FileManager.default.createFile(atPath: cursor, contents: Data("{\"backend\":\"file\",\"file\":\"\(identity)\",\"offset\":4}".utf8))
        let inside = try CommandRun.newsdrop(["tail", "--cursor-file", cursor, "--archive", archive])
        #expect(inside.status == 65)
        #expect(inside.stderr.contains("not the end of a line"), "\(inside.stderr)")
        FileManager.default.createFile(atPath: cursor, contents: Data("{\"backend\":\"postgres\",\"seq\":3}".utf8))
        let other = try CommandRun.newsdrop(["tail", "--cursor-file", cursor, "--archive", archive])
        #expect(other.status == 78)
        let alone = try CommandRun.newsdrop(["tail", "--cursor-missing", "oldest", "--archive", archive])
        #expect(alone.status == 64)
        let nowhere = try CommandRun.newsdrop(["tail", "--cursor-file", folder.file("missing/cursor").path, "--archive", archive])
        #expect(nowhere.status == 73)
        #expect(nowhere.stderr.contains("the cursor cannot be saved"), "\(nowhere.stderr)")
    }
}
