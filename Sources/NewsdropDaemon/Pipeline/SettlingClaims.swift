import NewsdropInbox

/// Claimed files that changed while they were read (a writer still had them open): each is read
/// again once its size and modification time have held still for the settle interval. They
/// wait in `work/`, where a crash leaves them for the next start.
struct SettlingClaims {
    private var waiting: [ClaimedFile: (stamp: EntryStamp, due: ContinuousClock.Instant)] = [:]
    private let settleInterval: Duration

    init(settleInterval: Double) {
        self.settleInterval = .seconds(settleInterval)
    }

    var isEmpty: Bool { waiting.isEmpty }

    mutating func add(_ files: [(ClaimedFile, EntryStamp)]) {
        for (file, stamp) in files { waiting[file] = (stamp, .now + settleInterval) }
    }

    /// Takes up to `limit` files whose stamp held still until their due time; a file whose stamp
    /// changed waits until it is due again, one that is gone is forgotten.
    mutating func takeSettled(upTo limit: Int, stamp: (ClaimedFile) -> EntryStamp?) -> [ClaimedFile] {
        guard !waiting.isEmpty else { return [] }
        let now = ContinuousClock.now
        var settled: [ClaimedFile] = []
        for (file, entry) in waiting where entry.due <= now && settled.count < limit {
            switch stamp(file) {
            case nil:
                waiting[file] = nil
            case let current? where current == entry.stamp:
                waiting[file] = nil
                settled.append(file)
            case let current?:
                waiting[file] = (current, now + settleInterval)
            }
        }
        return settled
    }
}
