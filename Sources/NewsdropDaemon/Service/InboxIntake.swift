import Foundation
import Logging
import NewsdropIO
import NewsdropInbox

/// Feeds the candidate queue from the inbox: the start-up scan, inotify events, periodic rescans
/// and the settle checks of files written in place.
struct InboxIntake: Sendable {
    let inbox: Inbox
    let queue: CandidateQueue
    let settings: LiveSettings
    let logger: Logger

    /// Offers every name in the inbox. A file modified within the settle interval may still be
    /// written, so it waits to settle; older files are ready at once.
    func scan(reason: String) throws(SystemError) {
        let names = try inbox.scan()
        let now = Date()
        var offered = 0
        for name in names {
            guard let stamp = inbox.quickStat(name) else { continue }
            if queue.offerScanned(name, stamp: stamp, now: now) { offered += 1 }
        }
        logger.event(
            .rescanned, offered > 0 || reason != "periodic" ? .info : .debug, "inbox scanned",
            ["reason": "\(reason)", "entries": "\(names.count)", "queued": "\(offered)"])
    }

    /// Turns inotify events into queue entries until the stream ends or the task is cancelled.
    func follow(_ events: AsyncStream<[InboxEvent]>) async {
        for await batch in events {
            for event in batch {
                switch event {
                case .movedIn(let name) where !name.isIgnored:
                    queue.offer(name, .ready)
                case .closedAfterWrite(let name) where !name.isIgnored:
                    if let stamp = inbox.quickStat(name) { queue.offer(name, .settle(stamp)) }
                case .created(let name) where !name.isIgnored:
                    if let entry = inbox.entryCreated(name) { queue.offer(name, entry) }
                case .overflow:
                    logger.event(.overflow, .warning, "inotify queue overflowed; rescanning the inbox")
                    scanLogged(reason: "overflow")
                case .watchLost:
                    logger.event(
                        .watchLost, .critical, "the inbox folder was removed or moved; new files are seen only by rescans",
                        ["inbox": "\(inbox.inboxPath)"])
                default:
                    break
                }
            }
        }
    }

    /// The safety net: rescans the inbox every `rescan_interval` seconds until cancelled.
    func rescanPeriodically() async {
        while (try? await Task.sleep(for: .seconds(settings.current.rescanInterval))) != nil {
            scanLogged(reason: "periodic")
        }
    }

    /// Checks files waiting to settle, and wakes the idle pipeline so that it reports progress,
    /// every half settle interval until cancelled.
    func tick() async {
        while (try? await Task.sleep(for: .seconds(min(settings.current.settleInterval / 2, 0.5)))) != nil {
            queue.promoteSettled(stamp: inbox.quickStat)
            queue.nudge()
        }
    }

    private func scanLogged(reason: String) {
        do {
            try scan(reason: reason)
        } catch {
            logger.event(.ioError, .error, "inbox scan failed", ["reason": "\(reason)", "error": "\(error)"])
        }
    }
}
