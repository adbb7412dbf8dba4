import Foundation
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Lowers the kernel's inotify queue (root, as in CI) so that a paused daemon's queue overflows.
@Suite("inotify overflow", .serialized)
struct OverflowTests {
    static let limitPath = "/proc/sys/fs/inotify/max_queued_events"

    @Test("after an overflow every file is ingested without waiting for the periodic rescan")
    func overflow() async throws {
        #expect(getuid() == 0, "the overflow test lowers \(Self.limitPath) and needs root (CI runs as root)")
        let original = try String(contentsOfFile: Self.limitPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let daemon = try DaemonHarness(environment: ["NEWSDROP_LOG_LEVEL": "info", "NEWSDROP_RESCAN_INTERVAL": "3600"])
        // The limit applies to inotify instances created while it is in force.
        try Data("16\n".utf8).write(to: URL(fileURLWithPath: Self.limitPath))
        do {
            try await daemon.start()
        } catch {
            try Data("\(original)\n".utf8).write(to: URL(fileURLWithPath: Self.limitPath))
            throw error
        }
        try Data("\(original)\n".utf8).write(to: URL(fileURLWithPath: Self.limitPath))
        daemon.signal(SIGSTOP)
        var generator = try ArticleGenerator(seed: 99)
        let count = 400
        for index in 0..<count { try daemon.drop("burst-\(index).txt", generator.article(index)) }
        daemon.signal(SIGCONT)
        try await daemon.waitUntil("every file is ingested", timeout: 60) { daemon.names(in: daemon.done).count == count }
        #expect(daemon.log.contains("inotify queue overflowed"))
        #expect(daemon.log.contains("reason=overflow"))
        #expect(!daemon.log.contains("reason=periodic"))
        #expect(try daemon.records().count == count)
        #expect(try await daemon.stop() == 0)
    }
}
