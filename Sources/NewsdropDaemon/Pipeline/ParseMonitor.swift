package import NewsdropInbox
import Synchronization

/// The parses running now, each with its file and the instant it began: what tells a hung
/// parse from a slow one.
package final class ParseMonitor: Sendable {
    /// A parse that has run for longer than asked.
    package struct Overdue: Sendable, Equatable {
        package var ticket: Int
        package var name: EntryName
        package var elapsed: Duration
    }

    private struct Running {
        var nextTicket = 0
        var parses: [Int: (name: EntryName, since: ContinuousClock.Instant)] = [:]
    }

    private let running = Mutex(Running())

    package init() {}

    /// Notes that parsing `name` begins; returns the ticket for ``end(_:)``.
    package func begin(_ name: EntryName) -> Int {
        let now = ContinuousClock.now
        return running.withLock { running in
            let ticket = running.nextTicket
            running.nextTicket += 1
            running.parses[ticket] = (name, now)
            return ticket
        }
    }

    package func end(_ ticket: Int) {
        _ = running.withLock { $0.parses.removeValue(forKey: ticket) }
    }

    /// True while some parse runs.
    package var isParsing: Bool { running.withLock { !$0.parses.isEmpty } }

    /// The parses that have run longer than `limit`, longest first.
    package func overdue(limit: Duration) -> [Overdue] {
        let now = ContinuousClock.now
        return running.withLock { running in
            running.parses.compactMap { ticket, parse in
                now - parse.since > limit ? Overdue(ticket: ticket, name: parse.name, elapsed: now - parse.since) : nil
            }
        }.sorted { $0.elapsed > $1.elapsed }
    }
}
