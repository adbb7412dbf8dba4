public import Foundation

/// Files that may still be written, each waiting until its size and modification time (its
/// ``EntryStamp``) have held still for the settle interval: the one settle rule, for inbox names
/// (``CandidateQueue``) and for claimed files that changed while they were read alike.
public struct SettleList<Key: Hashable & Sendable>: Sendable {
    /// What a due entry's stamp now says about it.
    public enum Verdict: Sendable, Equatable {
        /// It held still for the interval: complete, and no longer in the list.
        case settled
        /// It is gone, and no longer in the list.
        case gone
        /// It changed: it waits another interval from now.
        case changed
    }

    private var waiting: [Key: (stamp: EntryStamp, due: ContinuousClock.Instant)] = [:]
    private let interval: Duration
    private let intervalSeconds: Double

    /// A list whose entries must hold still for `interval`.
    public init(interval: Duration) {
        self.interval = interval
        intervalSeconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
    }

    /// True when a file with this stamp may still be written at `now`: it changed within the
    /// interval, so it must settle before it is read.
    public func mayStillBeWritten(_ stamp: EntryStamp, at now: Date = Date()) -> Bool {
        now.timeIntervalSince(stamp.modified) < intervalSeconds
    }

    /// How many entries wait.
    public var count: Int { waiting.count }

    /// Adds (or restarts) an entry with its stamp now; it is due one interval from `now`.
    public mutating func add(_ key: Key, stamp: EntryStamp, at now: ContinuousClock.Instant = .now) {
        waiting[key] = (stamp, now + interval)
    }

    /// Adds (or restarts) each entry with its stamp now.
    public mutating func add(contentsOf entries: some Sequence<(Key, EntryStamp)>) {
        let now = ContinuousClock.now
        for (key, stamp) in entries { add(key, stamp: stamp, at: now) }
    }

    /// The entries whose interval is over at `now`, each with the stamp it had when it began.
    public func due(at now: ContinuousClock.Instant = .now) -> [(key: Key, stamp: EntryStamp)] {
        waiting.compactMap { $0.value.due <= now ? ($0.key, $0.value.stamp) : nil }
    }

    /// Judges a due entry by its stamp `current` (`nil` when the file is gone) against the stamp
    /// `before` it had when its interval began.
    public mutating func judge(
        _ key: Key, before: EntryStamp, current: EntryStamp?, at now: ContinuousClock.Instant = .now
    ) -> Verdict {
        guard let current else {
            waiting[key] = nil
            return .gone
        }
        guard current == before else {
            waiting[key] = (current, now + interval)
            return .changed
        }
        waiting[key] = nil
        return .settled
    }

    /// Takes up to `limit` due entries that held still, judging each by `stamp`; for a list that
    /// is not shared between threads (stat calls happen inside).
    public mutating func takeSettled(upTo limit: Int, stamp: (Key) -> EntryStamp?) -> [Key] {
        guard !waiting.isEmpty else { return [] }
        let now = ContinuousClock.now
        var settled: [Key] = []
        for (key, before) in due(at: now) where settled.count < limit {
            if judge(key, before: before, current: stamp(key), at: now) == .settled { settled.append(key) }
        }
        return settled
    }
}
