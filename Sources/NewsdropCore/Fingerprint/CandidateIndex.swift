/// Stored articles as near-duplicate candidates, for either backend: their SimHashes in a
/// ``SimHashIndex``, and where each is stored (an archive file offset, a table's sequence
/// number) by the same ordinal.
public struct CandidateIndex<Position: Sendable>: Sendable {
    private var index = SimHashIndex()
    private var positions: [Position] = []

    public init() {}

    /// How many candidates are filed.
    public var count: Int { positions.count }

    /// Files one stored article.
    public mutating func insert(_ simhash: UInt64, at position: Position) {
        index.insert(simhash)
        positions.append(position)
    }

    /// Files many stored articles at once, as loading does: the index is built in one pass.
    public mutating func insert(_ simhashes: [UInt64], at positions: [Position]) {
        precondition(simhashes.count == positions.count, "one position per SimHash")
        index.insert(contentsOf: simhashes)
        self.positions.reserveCapacity(self.positions.count + positions.count)
        self.positions.append(contentsOf: positions)
    }

    /// The stored articles within ``NearDuplicateRule/radius`` of `simhash`, nearest first, with
    /// their SimHash distance.
    public func candidates(near simhash: UInt64) -> [(distance: Int, position: Position)] {
        index.candidates(near: simhash, radius: NearDuplicateRule.radius).map { ($0.distance, positions[Int($0.ordinal)]) }
    }

    /// Every candidate's SimHash and position, in the order they were filed.
    public var entries: Zip2Sequence<[UInt64], [Position]> { zip(index.fingerprints, positions) }

    /// About how many bytes the index and the positions take.
    public var memoryBytes: Int { index.memoryBytes + positions.capacity * MemoryLayout<Position>.stride }
}
