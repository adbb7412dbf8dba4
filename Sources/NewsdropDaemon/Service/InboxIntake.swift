import Foundation
import Logging
import NewsdropInbox
import NewsdropIO

/// Feeds the candidate queue from the inbox: the start-up scan, inotify events, periodic rescans
/// and the settle checks of files written in place.
struct InboxIntake: Sendable {
    let inbox: Inbox
    let queue: CandidateQueue
    let settleInterval: Double
    let logger: Logger

    /// Offers every name in the inbox. A file modified within the settle interval may still be
    /// written, so it waits to settle; older files are ready at once.
    func scan(reason: String) throws(SystemError) {
        let names = try inbox.scan()
        let now = Date()
        var offered = 0
        for name in names {
            guard let stamp = inbox.quickStat(name) else { continue }
            let fresh = now.timeIntervalSince(stamp.modified) < settleInterval
            if queue.offer(name, fresh ? .settle(stamp) : .ready) { offered += 1 }
        }
        logger.log(level: offered > 0 || reason != "periodic" ? .info : .debug, "inbox scanned", metadata: [
            "event": "rescanned", "reason": "\(reason)", "entries": "\(names.count)", "queued": "\(offered)",
        ])
    }

    /// Turns inotify events into queue entries until the stream ends or the task is cancelled.
    func follow(_ events: AsyncStream<[InboxEvent]>) async {
        for await batch in events {
            for event in batch {
                switch event {
                case .movedIn(let name) where !Inbox.isIgnored(name):
                    queue.offer(name, .ready)
                case .closedAfterWrite(let name) where !Inbox.isIgnored(name):
                    if let stamp = inbox.quickStat(name) { queue.offer(name, .settle(stamp)) }
                case .overflow:
                    logger.warning("inotify queue overflowed; rescanning the inbox", metadata: ["event": "overflow"])
                    scanLogged(reason: "overflow")
                case .watchLost:
                    logger.critical("the inbox folder was removed or moved; newsdrop can no longer see new files",
                                    metadata: ["event": "io_error", "inbox": "\(inbox.inboxPath)"])
                default:
                    break
                }
            }
        }
    }

    /// The safety net: rescans the inbox every `interval` until cancelled.
    func rescanEvery(_ interval: Duration) async {
        while (try? await Task.sleep(for: interval)) != nil {
            scanLogged(reason: "periodic")
        }
    }

    /// Checks files waiting to settle every `interval` until cancelled.
    func promoteSettled(every interval: Duration) async {
        while (try? await Task.sleep(for: interval)) != nil {
            queue.promoteSettled(stamp: inbox.quickStat)
        }
    }

    private func scanLogged(reason: String) {
        do {
            try scan(reason: reason)
        } catch {
            logger.error("inbox scan failed", metadata: ["event": "io_error", "reason": "\(reason)", "error": "\(error)"])
        }
    }
}
