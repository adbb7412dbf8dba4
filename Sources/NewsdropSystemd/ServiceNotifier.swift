import CSystemd
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Tells the service manager how the daemon is doing: readiness, status, watchdog, reload, stop.
public protocol ServiceNotifier: Sendable {
    /// READY=1 with a status line: the daemon accepts work.
    func ready(status: String)
    /// STATUS= with a human-readable line of live counts.
    func status(_ text: String)
    /// WATCHDOG=1 when the watchdog is enabled and half its interval has passed since the last.
    func watchdogProgress()
    /// True when the service manager's watchdog ends the daemon once its pings stop.
    var hasWatchdog: Bool { get }
    /// Sends no WATCHDOG=1 again, so that the service manager's watchdog ends the daemon.
    func withholdWatchdog()
    /// RELOADING=1 with MONOTONIC_USEC: a reload has begun; `ready(status:)` ends it.
    func reloading()
    /// STOPPING=1: shutdown has begun.
    func stopping()
}

/// `sd_notify` to the socket systemd names in NOTIFY_SOCKET; does nothing outside systemd.
public final class SystemdNotifier: ServiceNotifier {
    /// Half of WATCHDOG_USEC, or `nil` when the watchdog is off.
    public let watchdogInterval: Duration?
    private let lastPing = Mutex<ContinuousClock.Instant?>(nil)
    private let withheld = Atomic(false)
    private let lastStatus = Mutex("")

    public init() {
        var microseconds: UInt64 = 0
        watchdogInterval =
            sd_watchdog_enabled(0, &microseconds) > 0 && microseconds > 0
            ? .microseconds(Int64(microseconds / 2)) : nil
    }

    public func ready(status: String) {
        lastStatus.withLock { $0 = status }
        send("READY=1\nSTATUS=\(status)")
    }

    public func status(_ text: String) {
        let changed = lastStatus.withLock { last in
            defer { last = text }
            return last != text
        }
        if changed { send("STATUS=\(text)") }
    }

    public var hasWatchdog: Bool { watchdogInterval != nil }

    public func withholdWatchdog() {
        withheld.store(true, ordering: .relaxed)
    }

    public func watchdogProgress() {
        guard let interval = watchdogInterval, !withheld.load(ordering: .relaxed) else { return }
        let now = ContinuousClock.now
        let due = lastPing.withLock { last in
            guard last.map({ now - $0 >= interval }) ?? true else { return false }
            last = now
            return true
        }
        if due { send("WATCHDOG=1") }
    }

    public func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let microseconds = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
        send("RELOADING=1\nMONOTONIC_USEC=\(microseconds)")
    }

    public func stopping() {
        send("STOPPING=1")
    }

    private func send(_ state: String) {
        _ = sd_notify(0, state)
    }
}
