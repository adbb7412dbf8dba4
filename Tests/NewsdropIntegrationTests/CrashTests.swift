import Foundation
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Kills `newsdrop run` with SIGKILL at random instants while files arrive, restarts it, and checks
/// that every file ends up exactly once in the archive and none in `failed/`: a kill is no file's
/// fault. As outside systemd, no exit report tells the daemon it was killed. NEWSDROP_CRASH_KILLS
/// sets the number of kills (100 by default; the long mode runs hundreds).
@Suite("Crashes lose nothing and duplicate nothing", .serialized)
struct CrashTests {
    static let kills = Int(ProcessInfo.processInfo.environment["NEWSDROP_CRASH_KILLS"] ?? "") ?? 100

    @Test("SIGKILL at random instants during a burst of distinct articles and byte-identical copies")
    func killDuringBurst() async throws {
        var generator = try ArticleGenerator(seed: 0xC0FFEE)
        let distinct = max(600, Self.kills * 6)
        let articles = (0..<distinct).map { generator.article($0) }
        var files: [(String, String)] = articles.enumerated().map { ("article-\($0.offset).txt", $0.element) }
        for copy in 0..<(distinct / 4) {
            files.append(("copy-\(copy).txt", articles[generator.next(below: distinct)]))
        }
        for index in files.indices.reversed() {
            files.swapAt(index, generator.next(below: index + 1))
        }
        let daemon = try DaemonHarness(environment: ["NEWSDROP_LOG_LEVEL": "info", "NEWSDROP_MAX_BATCH": "32"])
        daemon.reportsExits = false
        let perKill = files.count / Self.kills + 1
        var dropped = 0
        var tornRepairsStarted = 0
        for kill in 0..<Self.kills {
            if kill % 8 == 5, FileManager.default.fileExists(atPath: daemon.archive.path) {
                // A torn tail for the next start to repair, killed while it may be repairing it.
                let handle = try FileHandle(forWritingTo: daemon.archive)
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(#"{"schema_version":1,"id":"torn"#.utf8))
                try handle.close()
                tornRepairsStarted += 1
            }
            try daemon.launch()
            let batch = files[dropped..<min(files.count, dropped + perKill)]
            // Early kills land in start-up (checkpoint load, reconciliation, torn-tail repair).
            let delay = kill % 5 == 0 ? generator.next(below: 30) : generator.next(below: 250)
            let dropper = Task {
                for (name, text) in batch { try daemon.drop(name, text) }
            }
            try await Task.sleep(for: .milliseconds(delay))
            daemon.crash()
            try await dropper.value
            dropped += batch.count
        }
        for (name, text) in files[dropped...] { try daemon.drop(name, text) }
        try await daemon.start()
        try await daemon.waitUntil("every file has left the inbox", timeout: 120) { daemon.spoolIsEmpty }
        #expect(try await daemon.stop() == 0)

        #expect(daemon.names(in: daemon.done).count == files.count)
        #expect(daemon.names(in: daemon.failed).isEmpty, "good files set aside: \(daemon.names(in: daemon.failed))")
        let records = try daemon.records()
        #expect(records.count == distinct, "\(records.count) records for \(distinct) distinct articles")
        let ids = records.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == ids.count, "an id appears twice")
        let titles = Set(records.compactMap { $0["title"] as? String })
        #expect(titles == Set((0..<distinct).map { "Report \($0) from the wire desk" }))
        let archive = try Data(contentsOf: daemon.archive)
        #expect(archive.last == UInt8(ascii: "\n"))
        let verify = try daemon.verify()
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(tornRepairsStarted > 0 || Self.kills < 6)
    }
}
