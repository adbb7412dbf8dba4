import Foundation
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("newsdrop run: ingesting files", .serialized)
struct IngestTests {
    let seed = "seed/2025-09-04-security-guarantees.txt"

    @Test("files already in the inbox at start-up are ingested and moved to done/")
    func startupScan() async throws {
        let daemon = try DaemonHarness()
        for (index, path) in ["bbc/business/001.txt", "bbc/tech/001.txt", seed].enumerated() {
            try FileManager.default.copyItem(at: TestPaths.corpusFile(path), to: daemon.inbox.appendingPathComponent("a\(index).txt"))
        }
        try await daemon.start()
        try await daemon.waitUntil("three files are done") { daemon.names(in: daemon.done).count == 3 }
        #expect(daemon.names(in: daemon.inbox).isEmpty)
        let records = try daemon.records()
        #expect(records.count == 3)
        #expect(Set(records.compactMap { ($0["source_file"] as? [String: Any])?["name"] as? String }) == ["a0.txt", "a1.txt", "a2.txt"])
        #expect(try await daemon.stop() == 0)
        let archive = try String(contentsOf: daemon.archive, encoding: .utf8)
        #expect(try SchemaValidation.problems(inJSONLines: archive) == [])
    }

    @Test("a file renamed into the inbox is noticed at once through inotify, without a rescan")
    func inotifyPickup() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        let dropped = Date()
        try daemon.drop("new.txt", try Data(contentsOf: TestPaths.corpusFile(seed)))
        try await daemon.waitUntil("the file is done", timeout: 10) { daemon.names(in: daemon.done) == ["new.txt"] }
        let record = try #require(try daemon.records().first)
        // Timed by the record's own ingest time (whole seconds), not the test's wake-up.
        let ingested = try #require((record["date_ingested"] as? String).flatMap { try? Date.ISO8601FormatStyle().parse($0) })
        #expect(ingested.timeIntervalSince(dropped) < 5)
        #expect(record["date_published"] as? String == "2025-09-04")
        #expect(record["title"] is NSNull)
        #expect(!daemon.log.contains("reason=periodic"))
        #expect(try await daemon.stop() == 0)
    }

    @Test("byte-identical copies and whitespace, quote and CRLF variants add no record")
    func duplicates() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        let original = "Storm hits coast\n\n“Winds reached 120 km/h,” officials said — schools closed.\n\nPower returned by evening.\n"
        try daemon.drop("original.txt", original)
        try await daemon.waitUntil("the original is done") { daemon.names(in: daemon.done).contains("original.txt") }
        try daemon.drop("copy.txt", original)
        try daemon.drop("crlf.txt", original.replacingOccurrences(of: "\n", with: "\r\n"))
        try daemon.drop(
            "quotes.txt", "Storm hits coast\n\n\"Winds reached 120 km/h,\" officials said - schools closed.\n\nPower returned by evening.\n"
        )
        try daemon.drop(
            "spaces.txt",
            "  Storm  hits coast\n\n\n“Winds reached 120 km/h,”   officials said — schools\nclosed.\n\nPower returned by evening.   \n")
        try await daemon.waitUntil("all five are done") { daemon.names(in: daemon.done).count == 5 }
        let records = try daemon.records()
        #expect(records.count == 1)
        let id = try #require(records.first?["id"] as? String)
        let duplicateLines = daemon.log.split(separator: "\n").filter { $0.contains("duplicate skipped") }
        #expect(duplicateLines.count == 4)
        #expect(duplicateLines.allSatisfy { $0.contains("duplicate_of=\(id)") })
        #expect(try await daemon.stop() == 0)
    }

    @Test("deduplication survives a restart")
    func restartKeepsDedup() async throws {
        let daemon = try DaemonHarness()
        let article = try Data(contentsOf: TestPaths.corpusFile("bbc/politics/001.txt"))
        try await daemon.start()
        try daemon.drop("first.txt", article)
        try await daemon.waitUntil("the first copy is done") { daemon.names(in: daemon.done) == ["first.txt"] }
        #expect(try await daemon.stop() == 0)
        try await daemon.start()
        try daemon.drop("second.txt", article)
        try await daemon.waitUntil("the second copy is done") { daemon.names(in: daemon.done).count == 2 }
        #expect(try daemon.records().count == 1)
        #expect(try await daemon.stop() == 0)
        // A third start without a checkpoint rebuilds the state from the archive.
        try FileManager.default.removeItem(at: daemon.state)
        try await daemon.start()
        try daemon.drop("third.txt", article)
        try await daemon.waitUntil("the third copy is done") { daemon.names(in: daemon.done).count == 3 }
        #expect(try daemon.records().count == 1)
        #expect(try await daemon.stop() == 0)
    }

    @Test("a torn last line is cut off at start-up, kept aside, and ingestion goes on")
    func tornTailRepair() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        try daemon.drop("one.txt", "First story\n\nSomething happened today in the town.\n")
        try await daemon.waitUntil("the first file is done") { daemon.names(in: daemon.done) == ["one.txt"] }
        #expect(try await daemon.stop() == 0)
        let handle = try FileHandle(forWritingTo: daemon.archive)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"schema_version":1,"id":"0123"#.utf8))
        try handle.close()
        try await daemon.start()
        #expect(daemon.log.contains("torn last line"))
        let torn = daemon.names(in: daemon.root.url).filter { $0.hasPrefix("archive.jsonl.torn-") }
        #expect(torn.count == 1)
        try daemon.drop("two.txt", "Second story\n\nSomething else happened.\n")
        try await daemon.waitUntil("the second file is done") { daemon.names(in: daemon.done).count == 2 }
        #expect(try daemon.records().count == 2)
        #expect(try await daemon.stop() == 0)
    }

    @Test("a file being written in place is not read until it is complete")
    func halfWrittenFile() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        // One open, two writes with a pause, one close: what a writer that ignores the
        // write-then-rename convention does.
        let fd = open(daemon.inbox.appendingPathComponent("slow.txt").path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        func write(_ text: String) { _ = text.withCString { Glibc.write(fd, $0, strlen($0)) } }
        write("Slow headline\n\nThe first half of the story ")
        try await Task.sleep(for: .milliseconds(800))
        #expect(daemon.names(in: daemon.inbox) == ["slow.txt"])
        #expect(try daemon.records().isEmpty)
        write("and the second half.\n")
        close(fd)
        try await daemon.waitUntil("the file is done") { daemon.names(in: daemon.done) == ["slow.txt"] }
        let record = try #require(try daemon.records().first)
        #expect(record["text"] as? String == "The first half of the story and the second half.")
        #expect(try await daemon.stop() == 0)
    }

    @Test("names writers use while writing are left alone")
    func ignoredNames() async throws {
        let daemon = try DaemonHarness()
        let ignored = [".hidden", "draft.tmp", "upload.part", "notes.txt~"]
        for name in ignored {
            try Data("Some headline\n\nSome text here.\n".utf8).write(to: daemon.inbox.appendingPathComponent(name))
        }
        try await daemon.start()
        try daemon.drop("real.txt", "Real headline\n\nReal text here.\n")
        try await daemon.waitUntil("the real file is done") { daemon.names(in: daemon.done) == ["real.txt"] }
        #expect(daemon.names(in: daemon.inbox) == ignored.sorted())
        #expect(try daemon.records().count == 1)
        #expect(try await daemon.stop() == 0)
    }

    @Test("SIGINT stops the daemon cleanly too")
    func sigint() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        #expect(try await daemon.stop(signal: SIGINT) == 0)
        #expect(daemon.log.contains("newsdrop stopped"))
    }
}
