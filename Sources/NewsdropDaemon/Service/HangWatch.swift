import Logging
import NewsdropSystemd

/// Watches the parses in progress. While every running parse is younger than `parse_timeout`
/// it sends the watchdog pings that the pipeline's loop cannot send while it waits for them;
/// once one is overdue the pings stop (under systemd the service manager then aborts and
/// restarts newsdrop, and the file is quarantined by the crash path) and a warning names the
/// file and how long it has taken, again each time that doubles.
struct HangWatch: Sendable {
    let monitor: ParseMonitor
    let notifier: any ServiceNotifier
    let settings: LiveSettings
    let logger: Logger

    /// Checks every half second until cancelled.
    func run() async {
        var warned: [Int: Int] = [:]
        while (try? await Task.sleep(for: .milliseconds(500))) != nil {
            let timeout = Duration.seconds(settings.current.parseTimeout)
            let overdue = monitor.overdue(limit: timeout)
            for parse in overdue {
                let multiple = Int(parse.elapsed / timeout)
                guard multiple >= 2 * warned[parse.ticket, default: 0] else { continue }
                warned[parse.ticket] = multiple
                let seconds = Int(parse.elapsed / .seconds(1))
                logger.event(
                    .slowParse, .warning,
                    "parsing \(parse.name) has taken \(seconds) s, more than parse_timeout; ingest waits for it",
                    [
                        "source_file": "\(parse.name)", "seconds": "\(seconds)",
                        "parse_timeout": "\(settings.current.parseTimeout)",
                    ])
            }
            let live = Set(overdue.map(\.ticket))
            warned = warned.filter { live.contains($0.key) }
            if overdue.isEmpty, monitor.isParsing { notifier.watchdogProgress() }
        }
    }
}
