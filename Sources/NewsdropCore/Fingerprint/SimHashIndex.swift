/// Finds stored 64-bit SimHashes within a Hamming radius of a query, in time that stays flat as
/// the index grows.
///
/// Multi-index hashing: each fingerprint is filed in four tables, one per 16-bit block. Two
/// fingerprints at distance 11 or less agree on some block in all but at most two bits, so
/// probing every block with its 137 variants (itself and every one- and two-bit flip) finds every
/// fingerprint within radius 11; candidates farther than the radius are filtered out. (On the
/// BBC corpus, near-duplicate pairs lie up to 9 bits apart: a radius of 3 finds only half.)
///
/// Each table is a compact sorted posting list (offsets per block value, then ordinals) plus a
/// small dictionary of recent insertions that is merged in when it grows: 8 bytes per fingerprint
/// and 4 × 4 bytes of postings, plus about 1 MiB fixed.
public struct SimHashIndex: Sendable {
    /// The largest radius for which every fingerprint within it is found.
    public static let maximumRadius = 11

    /// Every 16-bit mask with at most two bits set.
    static let probeMasks: [Int] = {
        var masks = [0]
        for first in 0..<16 {
            masks.append(1 << first)
            for second in (first + 1)..<16 { masks.append(1 << first | 1 << second) }
        }
        return masks
    }()

    public private(set) var fingerprints: [UInt64] = []
    private var tables = Array(repeating: BlockTable(), count: 4)

    public init() {}

    public var count: Int { fingerprints.count }

    /// Files a fingerprint; returns its ordinal, the position callers keep their payload at.
    @discardableResult
    public mutating func insert(_ fingerprint: UInt64) -> UInt32 {
        let ordinal = UInt32(fingerprints.count)
        fingerprints.append(fingerprint)
        for block in 0..<4 {
            tables[block].insert(key: Self.block(fingerprint, block), ordinal: ordinal, fingerprints: fingerprints, block: block)
        }
        return ordinal
    }

    /// Ordinals of stored fingerprints within `radius` (at most ``maximumRadius``) of `query`,
    /// nearest first.
    public func candidates(near query: UInt64, radius: Int) -> [(ordinal: UInt32, distance: Int)] {
        let radius = min(radius, Self.maximumRadius)
        var found: [UInt32: Int] = [:]
        for block in 0..<4 {
            let key = Self.block(query, block)
            for mask in Self.probeMasks {
                tables[block].forEach(key: key ^ mask) { ordinal in
                    guard found[ordinal] == nil else { return }
                    let distance = (fingerprints[Int(ordinal)] ^ query).nonzeroBitCount
                    if distance <= radius { found[ordinal] = distance }
                }
            }
        }
        return found.map { ($0.key, $0.value) }.sorted { ($0.distance, $0.ordinal) < ($1.distance, $1.ordinal) }
    }

    /// Approximate bytes of memory the index uses.
    public var memoryBytes: Int {
        fingerprints.capacity * 8 + tables.reduce(0) { $0 + $1.memoryBytes }
    }

    static func block(_ fingerprint: UInt64, _ block: Int) -> Int {
        Int((fingerprint >> UInt64(block * 16)) & 0xFFFF)
    }
}

/// One table of ``SimHashIndex``: ordinals by 16-bit block value.
struct BlockTable: Sendable {
    /// `ordinals[offsets[key]..<offsets[key + 1]]` hold the merged ordinals filed under `key`.
    private var offsets: [UInt32] = []
    private var ordinals: [UInt32] = []
    /// Recent insertions, merged into the sorted lists when there are `mergeThreshold` of them.
    private var recent: [UInt16: [UInt32]] = [:]
    private var recentCount = 0
    static let mergeThreshold = 8192

    mutating func insert(key: Int, ordinal: UInt32, fingerprints: [UInt64], block: Int) {
        recent[UInt16(key), default: []].append(ordinal)
        recentCount += 1
        if recentCount >= Self.mergeThreshold { merge(fingerprints: fingerprints, block: block) }
    }

    func forEach(key: Int, _ body: (UInt32) -> Void) {
        if !offsets.isEmpty {
            for index in Int(offsets[key])..<Int(offsets[key + 1]) { body(ordinals[index]) }
        }
        recent[UInt16(key)]?.forEach(body)
    }

    /// Rebuilds the sorted lists from every fingerprint filed so far (a counting sort).
    private mutating func merge(fingerprints: [UInt64], block: Int) {
        let total = ordinals.count + recentCount
        var counts = [UInt32](repeating: 0, count: (1 << 16) + 1)
        let filed = fingerprints.prefix(total)
        for fingerprint in filed { counts[SimHashIndex.block(fingerprint, block) + 1] += 1 }
        for key in 0..<(1 << 16) { counts[key + 1] += counts[key] }
        var next = counts
        var merged = [UInt32](repeating: 0, count: total)
        for (ordinal, fingerprint) in filed.enumerated() {
            let key = SimHashIndex.block(fingerprint, block)
            merged[Int(next[key])] = UInt32(ordinal)
            next[key] += 1
        }
        offsets = counts
        ordinals = merged
        recent = [:]
        recentCount = 0
    }

    var memoryBytes: Int {
        offsets.capacity * 4 + ordinals.capacity * 4 + recentCount * 4 + recent.count * 48
    }
}
