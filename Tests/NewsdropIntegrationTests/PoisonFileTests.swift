import Foundation
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A file that crashes or hangs the parser must not stop ingest: the test failpoints make a file
/// with a marker trap or spin, the harness restarts the daemon as systemd's Restart=on-failure
/// (and its watchdog) would, and the file is quarantined after its second crash.
@Suite("Files that crash or hang the daemon", .serialized)
struct PoisonFileTests {
    static let marker = "POISON-MARKER-7d1c"

    /// 500 distinct good articles and one poisoned file, all in the inbox before the first start.
    func dropGoodAndPoison(_ daemon: DaemonHarness) throws -> Int {
        var generator = try ArticleGenerator(seed: 0xBAD_F11E)
        let good = 500
        for number in 0..<good { try daemon.drop(String(format: "good-%03d.txt", number), generator.article(number)) }
        try daemon.drop("poison.txt", "Poisoned headline\n\nThis file holds \(Self.marker) in its body, among other words.\n")
        return good
    }

    /// Checks that every good article is archived once, the poison is quarantined with its crash
    /// history, and the archive verifies.
    func expectQuarantined(_ daemon: DaemonHarness, good: Int, lastExitContains: [String]) throws {
        let titles = try daemon.records().compactMap { $0["title"] as? String }
        #expect(titles.count == good, "\(titles.count) records for \(good) good files")
        #expect(Set(titles) == Set((0..<good).map { "Report \($0) from the wire desk" }))
        #expect(daemon.names(in: daemon.done).count == good)
        #expect(daemon.names(in: daemon.failed) == ["poison.txt", "poison.txt.error.json"])
        let data = try Data(contentsOf: daemon.failed.appendingPathComponent("poison.txt.error.json"))
        let note = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(note["reason"] as? String == "crashed_daemon")
        #expect(note["crashes"] as? Int == 2)
        let lastExit = note["last_exit"] as? String ?? ""
        #expect(lastExitContains.contains { lastExit.contains($0) }, "last_exit: \(lastExit)")
        #expect(daemon.log.contains("event=quarantined"))
        let verify = try daemon.verify()
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("a file that crashes the parser among 500 good ones is quarantined after at most 2 restarts; all 500 are archived once")
    func crashingFile() async throws {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_LOG_LEVEL": "info", "NEWSDROP_FAILPOINTS": "parse-crash=\(Self.marker)"])
        let good = try dropGoodAndPoison(daemon)
        var restarts = 0
        try daemon.launch()
        while try await daemon.waitForCrash(timeout: 60, unless: { daemon.spoolIsEmpty }) {
            restarts += 1
            try #require(restarts <= 2, "the daemon crashed \(restarts) times; log:\n\(daemon.log)")
            try daemon.launch()
        }
        #expect(restarts == 2)
        #expect(try await daemon.stop() == 0)
        try expectQuarantined(daemon, good: good, lastExitContains: ["EXIT_STATUS=ILL", "EXIT_STATUS=TRAP"])
    }

    @Test("a file that hangs the parser stops the watchdog pings; aborted and restarted as systemd would, it is quarantined the same way")
    func hangingFile() async throws {
        let daemon = try DaemonHarness(environment: [
            "NEWSDROP_LOG_LEVEL": "info", "NEWSDROP_FAILPOINTS": "parse-hang=\(Self.marker)", "NEWSDROP_PARSE_TIMEOUT": "1",
            "WATCHDOG_USEC": "2000000",
        ])
        let socket = try NotifySocket(in: daemon.root)
        daemon.environment["NOTIFY_SOCKET"] = socket.path
        let good = try dropGoodAndPoison(daemon)
        var aborts = 0
        var hangWarned = false
        try daemon.launch()
        while try await daemon.abortWhenPingsStop(socket, limit: .seconds(2), timeout: 60, unless: { daemon.spoolIsEmpty }) {
            hangWarned = hangWarned || (daemon.log.contains("event=slow_parse") && daemon.log.contains("source_file=poison.txt"))
            aborts += 1
            try #require(aborts <= 2, "the watchdog fired \(aborts) times; log:\n\(daemon.log)")
            try daemon.launch()
        }
        #expect(aborts == 2)
        #expect(hangWarned, "no slow_parse warning named the file")
        #expect(try await daemon.stop() == 0)
        try expectQuarantined(daemon, good: good, lastExitContains: ["SERVICE_RESULT=watchdog"])
    }

    @Test("outside systemd a hung parse is named in a warning with the seconds it has taken, and the daemon keeps its other tasks")
    func hangOutsideSystemd() async throws {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_FAILPOINTS": "parse-hang=\(Self.marker)", "NEWSDROP_PARSE_TIMEOUT": "1"])
        try await daemon.start()
        try daemon.drop("stuck.txt", "Stuck headline\n\nThe body holds \(Self.marker) and hangs the parser.\n")
        try await daemon.waitUntil("a warning names the file") {
            daemon.log.contains("event=slow_parse") && daemon.log.contains("source_file=stuck.txt")
        }
        try await daemon.waitUntil("the warning is repeated with a later time", timeout: 10) {
            daemon.log.contains("parsing stuck.txt has taken 2 s")
        }
        #expect(daemon.names(in: daemon.work) == ["stuck.txt"], "the hung file stays claimed in work/")
        daemon.crash()
    }

    @Test("a daemon killed with SIGKILL twice while a file is in flight does not quarantine it")
    func killsAreNotCrashes() async throws {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_FAILPOINTS": "parse-hang=\(Self.marker)", "NEWSDROP_PARSE_TIMEOUT": "60"])
        try daemon.drop("slow.txt", "Slow headline\n\nThe body holds \(Self.marker) and hangs the parser.\n")
        for _ in 0..<3 {
            try await daemon.start()
            try await daemon.waitUntil("the file is claimed") { daemon.names(in: daemon.work) == ["slow.txt"] }
            daemon.crash()
        }
        #expect(daemon.names(in: daemon.failed).isEmpty)
        daemon.environment["NEWSDROP_FAILPOINTS"] = ""
        try await daemon.start()
        try await daemon.waitUntil("the file is ingested") { daemon.names(in: daemon.done) == ["slow.txt"] }
        #expect(try daemon.records().count == 1)
        #expect(try await daemon.stop() == 0)
    }
}
