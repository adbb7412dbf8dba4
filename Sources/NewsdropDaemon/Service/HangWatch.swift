import Glibc
import Logging
import NewsdropSystemd

/// Watches the parses in progress (``ParseSlots``). While every running parse is younger than
/// `parse_timeout` it sends the watchdog pings that the pipeline's loop cannot send while it
/// waits for them. The first parse past `parse_timeout` gets the hang verdict: its file is
/// written to the crash evidence, and newsdrop is ended so that it starts again without that
/// parse in the way. Under a service manager's watchdog the pings stop for good and the manager
/// aborts newsdrop (`SERVICE_RESULT=watchdog`); without one newsdrop aborts itself. Either way the
/// next start blames that file, and only it. Until the end, a warning names the file again each
/// time its time doubles.
struct HangWatch: Sendable {
    let notifier: any ServiceNotifier
    let settings: LiveSettings
    let evidence: CrashEvidence
    let logger: Logger

    /// Checks every half second until cancelled.
    func run() async {
        var warned: [ParseSlots.Running: Int] = [:]
        var hung = false
        while (try? await Task.sleep(for: .milliseconds(500))) != nil {
            let timeout = Duration.seconds(settings.current.parseTimeout)
            let now = ParseSlots.now
            let running = ParseSlots.running()
            let overdue = running.filter { $0.elapsed(at: now) > timeout }.sorted { $0.started < $1.started }
            for parse in overdue {
                guard let file = parse.file else { continue }
                let elapsed = parse.elapsed(at: now)
                let multiple = Int(elapsed / timeout)
                guard multiple >= 2 * warned[parse, default: 0] else { continue }
                warned[parse] = multiple
                let seconds = Int(elapsed / .seconds(1))
                let metadata: Logger.Metadata = [
                    "source_file": "\(file.name)", "seconds": "\(seconds)", "parse_timeout": "\(settings.current.parseTimeout)",
                ]
                guard !hung else {
                    logger.event(.slowParse, .warning, "parsing \(file.name) has taken \(seconds) s, more than parse_timeout", metadata)
                    continue
                }
                hung = true
                evidence.recordHang(parse)
                if notifier.hasWatchdog {
                    notifier.withholdWatchdog()
                    logger.event(
                        .slowParse, .error,
                        "parsing \(file.name) has taken \(seconds) s, more than parse_timeout: it is hung, and the watchdog pings stop so that the service manager restarts newsdrop",
                        metadata)
                } else {
                    logger.event(
                        .slowParse, .critical,
                        "parsing \(file.name) has taken \(seconds) s, more than parse_timeout: it is hung, and newsdrop aborts so that it can start again without it",
                        metadata)
                    abort()
                }
            }
            let live = Set(running)
            warned = warned.filter { live.contains($0.key) }
            if !hung, overdue.isEmpty, !running.isEmpty { notifier.watchdogProgress() }
        }
    }
}
