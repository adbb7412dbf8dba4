import NewsdropSystemd
import Synchronization

/// A service manager that only listens: it keeps what the daemon told it.
final class RecordingNotifier: ServiceNotifier {
    private let said = Mutex<[String]>([])

    var messages: [String] { said.withLock { $0 } }
    var isReady: Bool { messages.contains { $0.hasPrefix("READY=1") } }

    func ready(status: String) { said.withLock { $0.append("READY=1 \(status)") } }
    func status(_ text: String) { said.withLock { $0.append("STATUS=\(text)") } }
    func watchdogProgress() {}
    var hasWatchdog: Bool { false }
    func withholdWatchdog() { said.withLock { $0.append("WATCHDOG withheld") } }
    func reloading() { said.withLock { $0.append("RELOADING=1") } }
    func stopping() { said.withLock { $0.append("STOPPING=1") } }
}
