import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A one-line progress display on standard error, shown only when standard error is a terminal
/// and redrawn at most five times a second; silent when piped.
final class TerminalProgress: Sendable {
    private let label: String
    private let total: UInt64
    private let enabled = isatty(STDERR_FILENO) == 1
    private let lastDraw = Mutex(ContinuousClock.now - .seconds(1))
    private let started = ContinuousClock.now
    private let records = Mutex<UInt64>(0)

    init(label: String, total: UInt64) {
        self.label = label
        self.total = total
    }

    func update(_ done: UInt64) {
        guard isDue() else { return }
        let percent = total > 0 ? Int(done * 100 / total) : 100
        let seconds =
            Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        let rate = seconds > 0 ? Double(done) / seconds / 1_048_576 : 0
        draw(
            String(
                format: "%@: %3d%% (%.1f of %.1f MB, %.0f MB/s)", label, percent,
                Double(done) / 1_048_576, Double(total) / 1_048_576, rate))
    }

    /// Counts one more record and shows the count, for work whose total is not known in advance.
    func countRecord() {
        let count = records.withLock { count in
            count += 1
            return count
        }
        guard isDue() else { return }
        draw("\(label): \(count) records")
    }

    private func isDue() -> Bool {
        guard enabled else { return false }
        return lastDraw.withLock { last in
            guard ContinuousClock.now - last >= .milliseconds(200) else { return false }
            last = .now
            return true
        }
    }

    /// Clears the line.
    func finish() {
        guard enabled else { return }
        draw("")
    }

    private func draw(_ text: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
    }
}
