import Foundation
import NewsdropTestSupport
import Testing

/// These tests need a running systemd-journald; `.ci/run` starts one when none runs. They fail
/// rather than skip when it is missing.
@Suite("journald: structured entries", .serialized)
struct JournaldTests {
    static let socket = "/run/systemd/journal/socket"

    /// The entries journald holds for one process, as `journalctl -o json` prints them.
    let started = Int(Date().timeIntervalSince1970) - 1

    func entries(pid: Int32) throws -> [[String: Any]] {
        let run = try Command.run("/usr/bin/journalctl", ["-o", "json", "--no-pager", "--since=@\(started)", "_PID=\(pid)"])
        return run.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test("entries carry MESSAGE_ID, PRIORITY, code location and the event's fields")
    func structuredEntries() async throws {
        #expect(
            FileManager.default.fileExists(atPath: Self.socket),
            "systemd-journald is not running (no \(Self.socket)); start it as .ci/run does")
        let daemon = try DaemonHarness(environment: ["NEWSDROP_LOG_TARGET": "journal", "NEWSDROP_LOG_LEVEL": "debug"])
        try await daemon.start(ready: { daemon in
            guard let pid = daemon.pid else { return false }
            return try self.entries(pid: pid).contains { $0["MESSAGE"] as? String == "newsdrop is ready" }
        })
        let pid = try #require(daemon.pid)
        try daemon.drop("good.txt", "Journal headline\n\nJournal body text.\n")
        try daemon.drop("empty.txt", "")
        try await daemon.waitUntil("both files have left the inbox") { daemon.spoolIsEmpty }
        #expect(try await daemon.stop() == 0)
        #expect(daemon.log.isEmpty, "nothing should fall back to stderr: \(daemon.log)")

        var all: [[String: Any]] = []
        try await daemon.waitUntil("journald holds the stop entry") {
            all = try entries(pid: pid)
            return all.contains { $0["MESSAGE"] as? String == "newsdrop stopped" }
        }
        func entry(_ messageID: String) throws -> [String: Any] {
            try #require(all.first { $0["MESSAGE_ID"] as? String == messageID }, "no entry with MESSAGE_ID \(messageID)")
        }
        for item in all {
            #expect(item["SYSLOG_IDENTIFIER"] as? String == "newsdrop")
            #expect(item["CODE_FILE"] as? String != nil && item["CODE_LINE"] as? String != nil && item["CODE_FUNC"] as? String != nil)
            for key in item.keys where !key.hasPrefix("_") && !key.hasPrefix("__") {
                #expect(key.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }, "\(key)")
            }
        }
        let ready = try entry("5ac2f0f280bc4678ba1e0c947351365d")
        #expect(ready["PRIORITY"] as? String == "6")
        let ingested = try entry("b732007d6d364eed8076d8016744099c")
        #expect(ingested["PRIORITY"] as? String == "7")
        #expect(ingested["SOURCE_FILE"] as? String == "good.txt")
        #expect((ingested["ARTICLE_ID"] as? String)?.count == 32)
        #expect(ingested["ARCHIVE_OFFSET"] as? String == "0")
        let rejected = try entry("4cce0e76ae454f8c834df2c1bbe6648f")
        #expect(rejected["PRIORITY"] as? String == "4")
        #expect(rejected["REASON"] as? String == "empty")
        #expect(rejected["SOURCE_FILE"] as? String == "empty.txt")
        _ = try entry("6fc8ab61ba7e4c24ad3f9936b0863153")
        _ = try entry("a29bfe13fa9348739d5d54f3e95519f6")
        let stopped = try entry("412d0d4aae3e4ab1ad026f74b2ae8c6f")
        #expect(stopped["INGESTED"] as? String == "1")
        #expect(stopped["FAILED"] as? String == "1")
    }
}
