import Foundation
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A daemon that keeps crashing for a reason that is no file's (here a crash in the commit, after
/// parsing) keeps every file in the spool and says that it keeps ending abnormally, rather than
/// setting files aside two restarts at a time.
@Suite("Abnormal ends that no file causes", .serialized)
struct CrashLoopTests {
    static let marker = "COMMIT-CRASH-9e2c"

    @Test(
        "a crash in the commit 4 times in a row sets no file aside; the journal, STATUS= and the metrics say newsdrop keeps ending abnormally; with the fault gone every file is archived once",
        arguments: [true, false])
    func commitCrashLoop(reportsExits: Bool) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let metrics = folder.file("newsdrop.prom").path
        let daemon = try DaemonHarness(environment: [
            "NEWSDROP_LOG_LEVEL": "info", "NEWSDROP_FAILPOINTS": "commit-crash=\(Self.marker)",
            "NEWSDROP_METRICS_TEXTFILE": metrics, "NEWSDROP_METRICS_INTERVAL": "1",
        ])
        daemon.reportsExits = reportsExits
        let socket = try NotifySocket(in: daemon.root)
        daemon.environment["NOTIFY_SOCKET"] = socket.path
        var generator = try ArticleGenerator(seed: 0xC0_111)
        for number in 0..<20 { try daemon.drop(String(format: "good-%02d.txt", number), generator.article(number)) }
        try daemon.drop("late.txt", "Committed late\n\nThis article is parsed well; its commit holds \(Self.marker).\n")
        var logs = ""
        for end in 1...4 {
            try daemon.launch()
            // The socket is read as systemd reads it: a full one would block sd_notify.
            let crashed = try await daemon.waitForCrash(timeout: 60) {
                socket.drain()
                return daemon.spoolIsEmpty
            }
            try #require(crashed, "run \(end) did not crash; log:\n\(daemon.log)")
            #expect(daemon.log.contains("failpoint commit-crash"))
            logs += daemon.log
            #expect(daemon.names(in: daemon.failed).isEmpty, "files set aside after \(end) ends: \(daemon.names(in: daemon.failed))")
        }
        #expect(!logs.contains("event=parse_crash") && !logs.contains("event=quarantined"))
        #expect(logs.contains("event=crash_loop"), "no crash_loop event in:\n\(logs)")
        #expect(socket.drain().contains { $0.contains("STATUS=CRASH LOOP (ended abnormally outside parsing") }, "\(socket.messages)")

        daemon.environment["NEWSDROP_FAILPOINTS"] = ""
        try await daemon.start()
        try await daemon.waitUntil("every file has left the spool", timeout: 30) {
            socket.drain()
            return daemon.spoolIsEmpty
        }
        #expect(daemon.log.contains("newsdrop keeps ending abnormally outside parsing (4 times in a row)"))
        try await daemon.waitUntil("the metrics count the ends", timeout: 10) {
            let text = (try? String(contentsOfFile: metrics, encoding: .utf8)) ?? ""
            return MetricsTests.value(of: "newsdrop_abnormal_ends_in_a_row", in: text) == 4
                && MetricsTests.value(of: #"newsdrop_abnormal_ends_total{cause="crash_outside_parsing"}"#, in: text) == 1
        }
        #expect(try await daemon.stop() == 0)
        #expect(daemon.names(in: daemon.failed).isEmpty)
        #expect(daemon.names(in: daemon.done).count == 21)
        #expect(try daemon.records().count == 21)
        let verify = try daemon.verify()
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}
