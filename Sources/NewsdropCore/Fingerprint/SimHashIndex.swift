/// Finds stored 64-bit SimHashes within a Hamming radius of a query, in time that stays flat as
/// the index grows.
///
/// Multi-index hashing: each fingerprint is filed in four tables, one per 16-bit block. Two
/// fingerprints at distance 11 or less agree on some block in all but at most two bits, so
/// probing every block with its 137 variants (itself and every one- and two-bit flip) finds every
/// fingerprint within radius 11; candidates farther than the radius are filtered out. (On the
/// BBC corpus, near-duplicate pairs lie up to 9 bits apart: a radius of 3 finds only half.)
///
/// Each table is a compact sorted posting list (offsets per block value, then postings); the
/// latest insertions (fewer than 4096) are scanned directly until they are merged in. A posting
/// holds the ordinal and 32 more bits of the fingerprint (the next two blocks), enough to rule
/// out almost every posting without reading the fingerprint itself, a cache miss each: 8 bytes
/// per fingerprint and 4 × 8 bytes of postings, plus about 1 MiB fixed.
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
    /// Fingerprints from this ordinal on are not in the tables yet; lookups scan them directly.
    private var merged = 0
    /// How many fingerprints wait before they are merged into the tables.
    static let mergeThreshold = 4096

    public init() {}

    public var count: Int { fingerprints.count }

    /// Files a fingerprint; returns its ordinal, the position callers keep their payload at.
    @discardableResult
    public mutating func insert(_ fingerprint: UInt64) -> UInt32 {
        let ordinal = UInt32(fingerprints.count)
        // Grown by half the count when full, rather than by Array's doubling of its capacity: the
        // capacity the allocator rounded up once is then not doubled again and again, so the slack
        // (and ``memoryBytes``) stays the same whatever else the process allocated.
        if fingerprints.count == fingerprints.capacity {
            fingerprints.reserveCapacity(max(Self.mergeThreshold, fingerprints.count + fingerprints.count / 2))
        }
        fingerprints.append(fingerprint)
        mergeIfDue()
        return ordinal
    }

    /// Files many fingerprints at once (loading at start-up): their ordinals follow on from
    /// ``count``, in order. The tables are rebuilt once, not every 4096 fingerprints, so loading
    /// a million takes one pass instead of hundreds.
    public mutating func insert(contentsOf added: some Collection<UInt64>) {
        fingerprints.reserveCapacity(fingerprints.count + added.count)
        fingerprints.append(contentsOf: added)
        mergeIfDue()
    }

    /// Rebuilds the tables from every fingerprint once enough wait outside them.
    private mutating func mergeIfDue() {
        guard fingerprints.count - merged >= Self.mergeThreshold else { return }
        for block in 0..<4 { tables[block].rebuild(from: fingerprints, block: block) }
        merged = fingerprints.count
    }

    /// Ordinals of stored fingerprints within `radius` (at most ``maximumRadius``) of `query`,
    /// nearest first.
    public func candidates(near query: UInt64, radius: Int) -> [(ordinal: UInt32, distance: Int)] {
        let radius = min(radius, Self.maximumRadius)
        var found: [(ordinal: UInt32, distance: Int)] = []
        fingerprints.withUnsafeBufferPointer { stored in
            Self.probeMasks.withUnsafeBufferPointer { masks in
                for block in 0..<4 {
                    let key = Self.block(query, block)
                    let queryNext = BlockTable.nextBlocks(query, after: block)
                    tables[block].withPostings { offsets, postings in
                        for mask in masks {
                            let probe = key ^ mask
                            // The bits this block differs in, plus those of the next two blocks,
                            // are a lower bound of the distance.
                            let known = mask.nonzeroBitCount
                            for index in Int(offsets[probe])..<Int(offsets[probe + 1]) {
                                let posting = postings[index]
                                guard known + (BlockTable.next(of: posting) ^ queryNext).nonzeroBitCount <= radius else { continue }
                                let ordinal = BlockTable.ordinal(of: posting)
                                let distance = (stored[Int(ordinal)] ^ query).nonzeroBitCount
                                if distance <= radius { found.append((ordinal, distance)) }
                            }
                        }
                    }
                }
            }
            for ordinal in merged..<stored.count {
                let distance = (stored[ordinal] ^ query).nonzeroBitCount
                if distance <= radius { found.append((UInt32(ordinal), distance)) }
            }
        }
        // A fingerprint close in several blocks is found once per block.
        found.sort { ($0.distance, $0.ordinal) < ($1.distance, $1.ordinal) }
        var unique: [(ordinal: UInt32, distance: Int)] = []
        for item in found where unique.last?.ordinal != item.ordinal && !unique.contains(where: { $0.ordinal == item.ordinal }) {
            unique.append(item)
        }
        return unique
    }

    /// Approximate bytes of memory the index uses.
    public var memoryBytes: Int {
        fingerprints.capacity * 8 + tables.reduce(0) { $0 + $1.memoryBytes }
    }

    static func block(_ fingerprint: UInt64, _ block: Int) -> Int {
        Int((fingerprint >> UInt64(block * 16)) & 0xFFFF)
    }
}

/// One table of ``SimHashIndex``: postings by 16-bit block value, compact and sorted.
struct BlockTable: Sendable {
    /// `postings[offsets[key]..<offsets[key + 1]]` hold the postings filed under `key`.
    private var offsets: [UInt32] = []
    /// An ordinal in the low 32 bits, the fingerprint's next two blocks in the high 32.
    private var postings: [UInt64] = []

    /// Calls `body` with the offsets by block value and the postings they index, unless the
    /// table is still empty.
    func withPostings(_ body: (UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt64>) -> Void) {
        guard !offsets.isEmpty else { return }
        offsets.withUnsafeBufferPointer { offsets in postings.withUnsafeBufferPointer { body(offsets, $0) } }
    }

    /// The 32 bits of `fingerprint` that follow `block` (wrapping around): blocks `block + 1` and
    /// `block + 2`.
    @inline(__always)
    static func nextBlocks(_ fingerprint: UInt64, after block: Int) -> UInt32 {
        let shift = UInt64((block + 1) * 16 % 64)
        return UInt32(truncatingIfNeeded: fingerprint >> shift | fingerprint << ((64 - shift) % 64))
    }

    @inline(__always)
    static func ordinal(of posting: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: posting) }

    @inline(__always)
    static func next(of posting: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: posting >> 32) }

    /// Rebuilds the postings from every fingerprint (a counting sort by block value).
    mutating func rebuild(from fingerprints: [UInt64], block: Int) {
        var counts = [UInt32](repeating: 0, count: (1 << 16) + 1)
        for fingerprint in fingerprints { counts[SimHashIndex.block(fingerprint, block) + 1] += 1 }
        for key in 0..<(1 << 16) { counts[key + 1] += counts[key] }
        var next = counts
        var sorted = [UInt64](repeating: 0, count: fingerprints.count)
        for (ordinal, fingerprint) in fingerprints.enumerated() {
            let key = SimHashIndex.block(fingerprint, block)
            sorted[Int(next[key])] = UInt64(Self.nextBlocks(fingerprint, after: block)) << 32 | UInt64(ordinal)
            next[key] += 1
        }
        offsets = counts
        postings = sorted
    }

    var memoryBytes: Int {
        offsets.capacity * 4 + postings.capacity * 8
    }
}
