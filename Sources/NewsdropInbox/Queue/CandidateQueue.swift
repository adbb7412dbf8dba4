public import Foundation
import Synchronization

/// The inbox names waiting to be ingested, each at most once, in arrival order.
///
/// A name is *known* from the moment it is offered until ``finished(_:stamp:)`` is called for it
/// (once the file is claimed), so a file reported by both a scan and an event is taken once. A
/// name offered again while it is being claimed is re-checked once that ends, because a new file
/// may have replaced it.
/// Names that may still be written wait in a ``SettleList`` until their size and modification time
/// have held still for the settle interval.
public final class CandidateQueue: Sendable {
    /// How a name enters the queue.
    public enum Entry: Sendable {
        /// Ready to read now (renamed in, or unchanged for long enough).
        case ready
        /// Possibly still being written: read once its stamp holds still.
        case settle(EntryStamp)
    }

    fileprivate struct State {
        var ready: [EntryName] = []
        var readyHead = 0
        var known: Set<EntryName> = []
        /// Names handed out by `take` and not finished yet.
        var inFlight: Set<EntryName> = []
        var settling: SettleList<EntryName>
        var recheck: Set<EntryName> = []
        var waiter: CheckedContinuation<Void, Never>?
        var closed = false
    }

    private let state: Mutex<State>

    /// A queue whose names written in place must hold still for `settleInterval`.
    public init(settleInterval: Duration) {
        state = Mutex(State(settling: SettleList(interval: settleInterval)))
    }

    /// Offers a name; returns false when it is already known (it will be re-checked if in flight).
    @discardableResult
    public func offer(_ name: EntryName, _ entry: Entry) -> Bool {
        let (added, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
            guard state.known.insert(name).inserted else {
                if state.inFlight.contains(name) { state.recheck.insert(name) }
                return (false, nil)
            }
            switch entry {
            case .ready:
                state.ready.append(name)
                return (true, state.takeWaiter())
            case .settle(let stamp):
                state.settling.add(name, stamp: stamp)
                return (true, nil)
            }
        }
        waiter?.resume()
        return added
    }

    /// Offers a name a scan found with this stamp: ready at once, unless it was modified within
    /// the settle interval and may still be written.
    @discardableResult
    public func offerScanned(_ name: EntryName, stamp: EntryStamp, now: Date = Date()) -> Bool {
        let fresh = state.withLock { $0.settling.mayStillBeWritten(stamp, at: now) }
        return offer(name, fresh ? .settle(stamp) : .ready)
    }

    /// Waits for ready names and takes up to `limit` of them. Returns an empty batch when
    /// ``nudge()`` wakes it first, and `nil` once the queue is closed or the task is cancelled.
    public func take(upTo limit: Int) async -> [EntryName]? {
        if let batch = state.withLock({ $0.closed ? nil : $0.takeReady(limit) }) { return batch }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state in
                    if state.closed || state.readyHead < state.ready.count || Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.takeWaiter() }?.resume()
        }
        if Task.isCancelled { return nil }
        return state.withLock { $0.closed ? nil : ($0.takeReady(limit) ?? []) }
    }

    /// Takes up to `limit` ready names without waiting; empty when none is ready or the queue is
    /// closed. For reading a next batch ahead while the current one is committed.
    public func takeReady(upTo limit: Int) -> [EntryName] {
        state.withLock { $0.closed ? [] : ($0.takeReady(limit) ?? []) }
    }

    /// Wakes a waiting ``take(upTo:)`` with an empty batch, so its caller can report progress.
    public func nudge() {
        state.withLock { $0.takeWaiter() }?.resume()
    }

    /// Releases names whose processing ended. Names offered meanwhile are offered again to settle.
    public func finished(_ names: some Sequence<EntryName>, stamp: (EntryName) -> EntryStamp?) {
        let again: [EntryName] = state.withLock { state in
            var again: [EntryName] = []
            for name in names {
                state.known.remove(name)
                state.inFlight.remove(name)
                if state.recheck.remove(name) != nil { again.append(name) }
            }
            return again
        }
        for name in again {
            if let current = stamp(name) { offer(name, .settle(current)) }
        }
    }

    /// Moves names whose stamp held still for the settle interval to the ready list; names whose
    /// stamp changed wait another interval, names that vanished are forgotten. The stamps are
    /// taken outside the lock.
    public func promoteSettled(stamp: (EntryName) -> EntryStamp?) {
        let now = ContinuousClock.now
        let due = state.withLock { $0.settling.due(at: now) }
        guard !due.isEmpty else { return }
        let current = due.map { stamp($0.key) }
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            for ((name, before), now) in zip(due, current) {
                switch state.settling.judge(name, before: before, current: now) {
                case .gone: state.known.remove(name)
                case .settled: state.ready.append(name)
                case .changed: break
                }
            }
            return state.takeWaiter()
        }
        waiter?.resume()
    }

    /// True once ``close()`` was called.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Names waiting to be read or to settle.
    public var backlog: Int {
        state.withLock { $0.ready.count - $0.readyHead + $0.settling.count }
    }

    /// Ends intake: a waiting ``take(upTo:)`` and every later one return `nil`; names not taken
    /// stay where they are.
    public func close() {
        state.withLock { state in
            state.closed = true
            return state.takeWaiter()
        }?.resume()
    }
}

extension CandidateQueue.State {
    mutating func takeWaiter() -> CheckedContinuation<Void, Never>? {
        defer { waiter = nil }
        return waiter
    }

    mutating func takeReady(_ limit: Int) -> [EntryName]? {
        guard readyHead < ready.count else { return nil }
        let end = min(ready.count, readyHead + limit)
        let batch = Array(ready[readyHead..<end])
        inFlight.formUnion(batch)
        readyHead = end
        if readyHead > 4096, readyHead * 2 > ready.count {
            ready.removeFirst(readyHead)
            readyHead = 0
        }
        return batch
    }
}
