import Foundation
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Reload and stop", .serialized)
struct LifecycleTests {
    @Test("SIGHUP after the archive is renamed continues in a new file; no line is lost or split")
    func externalRotation() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        for index in 0..<20 {
            try daemon.drop("before-\(index).txt", "Before rotation \(index)\n\nText of story \(index) before.\n")
        }
        try await daemon.waitUntil("20 files are done") { daemon.names(in: daemon.done).count == 20 }
        let rotated = daemon.root.file("archive.jsonl.1")
        #expect(rename(daemon.archive.path, rotated.path) == 0)
        daemon.signal(SIGHUP)
        try await daemon.waitUntil("the daemon reloads") {
            daemon.log.contains("reloading") && FileManager.default.fileExists(atPath: daemon.archive.path)
        }
        for index in 0..<20 {
            try daemon.drop("after-\(index).txt", "After rotation \(index)\n\nText of story \(index) after.\n")
        }
        // A copy of an article that is now in the rotated file is still a duplicate.
        try daemon.drop("again.txt", "Before rotation 3\n\nText of story 3 before.\n")
        try await daemon.waitUntil("41 files are done") { daemon.names(in: daemon.done).count == 41 }
        #expect(try await daemon.stop() == 0)
        let old = try String(contentsOf: rotated, encoding: .utf8)
        let new = try String(contentsOf: daemon.archive, encoding: .utf8)
        #expect(old.split(separator: "\n").count == 20 && old.hasSuffix("\n"))
        #expect(new.split(separator: "\n").count == 20 && new.hasSuffix("\n"))
        #expect(!new.contains("Before rotation"))
        #expect(try SchemaValidation.problems(inJSONLines: old + new) == [])
    }

    @Test("SIGHUP re-reads the config file: a new log level applies at once")
    func reloadConfig() async throws {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_LOG_LEVEL": ""])
        let config = daemon.root.file("newsdrop.yaml")
        try Data("log_level: info\n".utf8).write(to: config)
        try await daemon.start(arguments: ["--config", config.path])
        try daemon.drop("one.txt", "First headline\n\nFirst body text.\n")
        try await daemon.waitUntil("one.txt is done") { daemon.names(in: daemon.done) == ["one.txt"] }
        #expect(!daemon.log.contains("article ingested"))
        try Data("log_level: debug\n".utf8).write(to: config)
        daemon.signal(SIGHUP)
        try await daemon.waitUntil("the daemon reloads") { daemon.log.contains("reloading") }
        try await Task.sleep(for: .milliseconds(300))
        try daemon.drop("two.txt", "Second headline\n\nSecond body text.\n")
        try await daemon.waitUntil("the debug entry for two.txt appears") {
            daemon.log.split(separator: "\n").contains { $0.contains("article ingested") && $0.contains("two.txt") }
        }
        #expect(try await daemon.stop() == 0)
    }

    @Test("SIGTERM in the middle of a burst loses no file and leaves no torn line")
    func stopDuringBurst() async throws {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_LOG_LEVEL": "info", "NEWSDROP_MAX_BATCH": "16"])
        try await daemon.start()
        let total = 400
        for index in 0..<total {
            try daemon.drop("burst-\(index).txt", "Burst story \(index)\n\nDistinct body number \(index) of the burst.\n")
            if index == 100 {
                try await daemon.waitUntil("some files are done") { !daemon.names(in: daemon.done).isEmpty }
            }
        }
        #expect(try await daemon.stop() == 0)
        let archive = try Data(contentsOf: daemon.archive)
        #expect(archive.last == UInt8(ascii: "\n"))
        let done = daemon.names(in: daemon.done)
        let left = daemon.names(in: daemon.inbox) + daemon.names(in: daemon.work)
        #expect(done.count + left.count == total)
        let names = try daemon.records().compactMap { ($0["source_file"] as? [String: Any])?["name"] as? String }
        #expect(Set(names) == Set(done))
        #expect(names.count == done.count)

        try await daemon.start()
        try await daemon.waitUntil("the rest is ingested after a restart", timeout: 60) { daemon.names(in: daemon.done).count == total }
        #expect(try daemon.records().count == total)
        #expect(try await daemon.stop() == 0)
    }

    @Test("a file that arrives without a close-write or rename event is found by the periodic rescan")
    func periodicRescan() async throws {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_RESCAN_INTERVAL": "1"])
        try await daemon.start()
        // Written in place and left open: inotify reports only the create of a regular file,
        // which is taken at its close, and the close never comes while the test waits.
        let path = daemon.inbox.appendingPathComponent("quiet.txt").path
        let writer = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        #expect(writer >= 0)
        defer { close(writer) }
        let text = "Quiet arrival\n\nThis file is written in place and never closed while the daemon watches.\n"
        #expect(text.withCString { write(writer, $0, strlen($0)) } == text.utf8.count)
        try await daemon.waitUntil("the rescan ingests it", timeout: 10) { daemon.names(in: daemon.done) == ["quiet.txt"] }
        #expect(daemon.log.contains("reason=periodic"))
        #expect(try await daemon.stop() == 0)
    }
}
