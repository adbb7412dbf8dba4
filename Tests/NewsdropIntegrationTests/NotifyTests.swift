import Foundation
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("sd_notify: readiness, status, watchdog, reload and stop", .serialized)
struct NotifyTests {
    @Test("READY, STATUS, WATCHDOG, RELOADING and STOPPING arrive in order")
    func notifications() async throws {
        let daemon = try DaemonHarness(environment: ["WATCHDOG_USEC": "1000000"])
        let socket = try NotifySocket(in: daemon.root)
        daemon.environment["NOTIFY_SOCKET"] = socket.path
        try await daemon.start()
        try await daemon.waitUntil("READY=1 arrives") { socket.drain().contains { $0.contains("READY=1") } }
        let ready = try #require(socket.messages.first { $0.contains("READY=1") })
        #expect(ready.contains("STATUS=ingested 0, duplicates 0, failed 0, backlog 0"))

        try daemon.drop("a.txt", "Headline here\n\nA paragraph of text.\n")
        try await daemon.waitUntil("STATUS counts the article") {
            socket.drain().contains { $0 == "STATUS=ingested 1, duplicates 0, failed 0, backlog 0" }
        }
        // Half of WATCHDOG_USEC is 0.5 s: an idle daemon still pings from its pipeline loop.
        // The bound is taken from the time that really passed between the two reads of the
        // socket (clock read before the first, after the second): a loaded machine may sleep
        // longer, or pause the test between reading the socket and reading the clock.
        let began = ContinuousClock.now
        let pingsBefore = socket.drain().filter { $0 == "WATCHDOG=1" }.count
        try await Task.sleep(for: .seconds(2))
        let pings = socket.drain().filter { $0 == "WATCHDOG=1" }.count - pingsBefore
        let halfIntervals = (ContinuousClock.now - began) / .milliseconds(500)
        #expect(pings >= 2 && Double(pings) <= halfIntervals + 1, "\(pings) watchdog pings in \(halfIntervals / 2) s")

        let beforeReload = socket.drain().count
        daemon.signal(SIGHUP)
        try await daemon.waitUntil("READY=1 follows RELOADING=1") {
            let recent = socket.drain().dropFirst(beforeReload)
            guard let reloading = recent.firstIndex(where: { $0.hasPrefix("RELOADING=1") }) else { return false }
            return recent[reloading...].contains { $0.contains("READY=1") }
        }
        let reloading = try #require(socket.messages.dropFirst(beforeReload).first { $0.hasPrefix("RELOADING=1") })
        let monotonic = try #require(reloading.split(separator: "\n").first { $0.hasPrefix("MONOTONIC_USEC=") })
        let microseconds = try #require(UInt64(monotonic.dropFirst("MONOTONIC_USEC=".count)))
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        #expect(microseconds <= UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000)

        #expect(try await daemon.stop() == 0)
        let all = socket.drain()
        let stopping = try #require(all.lastIndex(of: "STOPPING=1"))
        let firstReady = try #require(all.firstIndex { $0.contains("READY=1") })
        #expect(firstReady < stopping)
        #expect(!all[(stopping + 1)...].contains { $0.contains("READY=1") })
    }
}
