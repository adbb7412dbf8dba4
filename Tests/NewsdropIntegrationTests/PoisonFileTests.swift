import Foundation
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A file that crashes or hangs the parser must not stop ingest: the test failpoints make a file
/// with a marker trap or spin, the harness restarts the daemon as systemd's Restart=on-failure
/// (and its watchdog) would, and the file is quarantined after its second crash. newsdrop's own
/// evidence names the file, so it behaves the same with and without systemd's exit report.
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
    /// history (the evidence, and the service manager's last word when it reported one), and the
    /// archive verifies.
    func expectQuarantined(_ daemon: DaemonHarness, good: Int, evidence: String, lastExitContains: [String]) throws {
        let titles = try daemon.records().compactMap { $0["title"] as? String }
        #expect(titles.count == good, "\(titles.count) records for \(good) good files")
        #expect(Set(titles) == Set((0..<good).map { "Report \($0) from the wire desk" }))
        #expect(daemon.names(in: daemon.done).count == good)
        #expect(daemon.names(in: daemon.failed) == ["poison.txt", "poison.txt.error.json"])
        let data = try Data(contentsOf: daemon.failed.appendingPathComponent("poison.txt.error.json"))
        let note = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(note["reason"] as? String == "crashed_daemon")
        #expect(note["crashes"] as? Int == 2)
        #expect((note["evidence"] as? String ?? "").contains(evidence), "evidence: \(note["evidence"] ?? "none")")
        if daemon.reportsExits {
            let lastExit = note["last_exit"] as? String ?? ""
            #expect(lastExitContains.contains { lastExit.contains($0) }, "last_exit: \(lastExit)")
        } else {
            #expect(note["last_exit"] is NSNull)
        }
        #expect(daemon.log.contains("event=quarantined"))
        let verify = try daemon.verify()
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test(
        "a file that crashes the parser among 500 good ones is quarantined after 2 crashes; all 500 are archived once; the crash still ends the process by its signal, with the runtime's backtrace",
        arguments: [true, false])
    func crashingFile(reportsExits: Bool) async throws {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_LOG_LEVEL": "info", "NEWSDROP_FAILPOINTS": "parse-crash=\(Self.marker)"])
        daemon.reportsExits = reportsExits
        let good = try dropGoodAndPoison(daemon)
        var restarts = 0
        try daemon.launch()
        while try await daemon.waitForCrash(timeout: 60, unless: { daemon.spoolIsEmpty }) {
            restarts += 1
            try #require(restarts <= 2, "the daemon crashed \(restarts) times; log:\n\(daemon.log)")
            // The handler hands the signal on: the Swift runtime's backtrace is printed, and the
            // process ends by the trap itself (what systemd reports as SERVICE_RESULT=core-dump).
            #expect(daemon.log.contains("Program crashed"), "no backtrace:\n\(daemon.log.suffix(2000))")
            #expect([SIGILL, SIGTRAP].contains(daemon.lastEndSignal ?? 0), "ended by signal \(daemon.lastEndSignal ?? 0)")
            try daemon.launch()
        }
        #expect(restarts == 2)
        #expect(daemon.log.contains("event=parse_crash"))
        #expect(try await daemon.stop() == 0)
        try expectQuarantined(daemon, good: good, evidence: "while parsing it", lastExitContains: ["EXIT_STATUS=ILL", "EXIT_STATUS=TRAP"])
    }

    @Test(
        "a file that hangs the parser stops the watchdog pings; aborted and restarted as systemd would, it is quarantined the same way",
        arguments: [true, false])
    func hangingFile(reportsExits: Bool) async throws {
        let daemon = try DaemonHarness(environment: [
            "NEWSDROP_LOG_LEVEL": "info", "NEWSDROP_FAILPOINTS": "parse-hang=\(Self.marker)", "NEWSDROP_PARSE_TIMEOUT": "1",
            "WATCHDOG_USEC": "2000000",
        ])
        daemon.reportsExits = reportsExits
        let socket = try NotifySocket(in: daemon.root)
        daemon.environment["NOTIFY_SOCKET"] = socket.path
        let good = try dropGoodAndPoison(daemon)
        var aborts = 0
        var hangWarned = false
        try daemon.launch()
        while try await daemon.abortWhenPingsStop(socket, limit: .seconds(2), timeout: 60, unless: { daemon.spoolIsEmpty }) {
            hangWarned = hangWarned || (daemon.log.contains("event=slow_parse") && daemon.log.contains("source_file=poison.txt"))
            #expect(daemon.lastEndSignal == SIGABRT)
            aborts += 1
            try #require(aborts <= 2, "the watchdog fired \(aborts) times; log:\n\(daemon.log)")
            try daemon.launch()
        }
        #expect(aborts == 2)
        #expect(hangWarned, "no slow_parse warning named the file")
        #expect(try await daemon.stop() == 0)
        try expectQuarantined(daemon, good: good, evidence: "hung past parse_timeout", lastExitContains: ["SERVICE_RESULT=watchdog"])
    }

    @Test(
        "outside systemd a hung parse is named with its seconds, and newsdrop aborts itself; restarted, the file is quarantined at its second hang"
    )
    func hangOutsideSystemd() async throws {
        let daemon = try DaemonHarness(environment: [
            "NEWSDROP_LOG_LEVEL": "info", "NEWSDROP_FAILPOINTS": "parse-hang=\(Self.marker)", "NEWSDROP_PARSE_TIMEOUT": "1",
        ])
        daemon.reportsExits = false
        let good = try dropGoodAndPoison(daemon)
        var aborts = 0
        try daemon.launch()
        while try await daemon.waitForCrash(timeout: 60, unless: { daemon.spoolIsEmpty }) {
            #expect(daemon.log.contains("event=slow_parse") && daemon.log.contains("source_file=poison.txt"))
            #expect(daemon.log.contains("newsdrop aborts so that it can start again without it"))
            #expect(daemon.lastEndSignal == SIGABRT)
            aborts += 1
            try #require(aborts <= 2, "newsdrop aborted \(aborts) times; log:\n\(daemon.log)")
            try daemon.launch()
        }
        #expect(aborts == 2)
        #expect(try await daemon.stop() == 0)
        try expectQuarantined(daemon, good: good, evidence: "hung past parse_timeout", lastExitContains: [])
    }

    @Test("a daemon killed with SIGKILL three times while a file is in flight, with no exit report, does not quarantine it")
    func killsAreNotCrashes() async throws {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_FAILPOINTS": "parse-hang=\(Self.marker)", "NEWSDROP_PARSE_TIMEOUT": "60"])
        daemon.reportsExits = false
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
        #expect(daemon.log.contains("event=crash_loop"), "three ends in a row with no evidence are a crash loop")
        #expect(try daemon.records().count == 1)
        #expect(try await daemon.stop() == 0)
    }

    @Test("two parse workers: one crashes on a poison file while the other parses a good one; only the poison file is ever blamed")
    func crashBesideAGoodParse() async throws {
        let poisonMarker = "POISON-BESIDE-31f"
        let daemon = try DaemonHarness(environment: [
            "NEWSDROP_LOG_LEVEL": "info", "NEWSDROP_PARSE_TIMEOUT": "300",
            "NEWSDROP_FAILPOINTS": "parse-hang=\(Self.marker);parse-crash-beside=\(poisonMarker)",
        ])
        daemon.reportsExits = false
        var generator = try ArticleGenerator(seed: 0x2_0123)
        // One batch of 32, parsed 16 to a task: the slow good file opens one task, the poison the other.
        try daemon.drop("a-slow.txt", "Slow but good\n\nA good article whose parse takes long: \(Self.marker).\n")
        for number in 0..<15 { try daemon.drop(String(format: "b-%02d.txt", number), generator.article(number)) }
        try daemon.drop("c-poison.txt", "Poisoned headline\n\nThis file holds \(poisonMarker) in its body.\n")
        for number in 15..<30 { try daemon.drop(String(format: "d-%02d.txt", number), generator.article(number)) }
        // Settled long ago, so that the start-up scan finds all 32 ready at once, in one batch.
        for name in daemon.names(in: daemon.inbox) {
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: daemon.inbox.appendingPathComponent(name).path)
        }
        try daemon.launch()
        #expect(try await daemon.waitForCrash(timeout: 60, unless: { false }))
        #expect(daemon.log.contains("crashing while 2 parses run"), "the crash did not land beside the other parse:\n\(daemon.log)")
        let evidence = try String(contentsOf: daemon.state.appendingPathComponent("crash-evidence"), encoding: .utf8)
        let poisonHex = Data("c-poison.txt".utf8).map { String(format: "%02x", $0) }.joined()
        #expect(evidence.split(separator: "\n").count == 1 && evidence.hasSuffix(" \(poisonHex)\n"), "evidence: \(evidence)")
        // The slow file parses quickly from now on; the poison still crashes, on its own.
        daemon.environment["NEWSDROP_FAILPOINTS"] = "parse-crash=\(poisonMarker)"
        var logs = daemon.log
        try daemon.launch()
        while try await daemon.waitForCrash(timeout: 60, unless: { daemon.spoolIsEmpty }) {
            logs += daemon.log
            try daemon.launch()
        }
        logs += daemon.log
        #expect(try await daemon.stop() == 0)
        let blamed = logs.split(separator: "\n").filter { $0.contains("event=parse_crash") || $0.contains("event=quarantined") }
        #expect(!blamed.isEmpty && blamed.allSatisfy { $0.contains("source_file=c-poison.txt") }, "\(blamed)")
        #expect(daemon.names(in: daemon.failed) == ["c-poison.txt", "c-poison.txt.error.json"])
        #expect(try daemon.records().count == 31)
        #expect(daemon.names(in: daemon.done).contains("a-slow.txt"))
    }
}
