import Foundation
public import Logging
public import NewsdropArchive
public import NewsdropCore
public import NewsdropIO

/// Deduplication on one host: exact ids in a set, near-duplicate fingerprints in a
/// ``SimHashIndex``, both checkpointed to the state folder and reconciled with the archive at
/// start-up.
///
/// Memory per archived article: 16 bytes of id in the set (plus its slack), and for articles long
/// enough for near-duplicate detection 8 bytes of SimHash, 16 of postings and 8 of archive offset
/// (the candidate index). A candidate is verified by re-reading its record from the archive at
/// that offset (which also gives its id) and comparing word 3-shingles exactly.
public actor LocalDedupIndex: DedupIndex {
    public static let checkpointName = "dedup.state"

    var ids: Set<UInt128>
    /// Ids claimed by records not yet durable; never written to a checkpoint.
    var reserved: Set<UInt128> = []
    var near = SimHashIndex()
    /// Where each fingerprinted record starts in the open archive file, by ordinal in `near`.
    var nearOffsets: [UInt64] = []
    /// Reserved records long enough for near-duplicate detection, filed in `near` at commit.
    var pending: [Pending] = []
    let archiveFile: ArchiveFile
    let checkpointPath: String
    var archive: FileIdentity
    var coveredLength: UInt64
    var uncheckpointed = 0
    public internal(set) var reconciliation = Reconciliation()

    struct Pending {
        var id: UInt128
        var simhash: UInt64
        /// What its canonical text is made of, canonicalized only if it becomes a candidate.
        var title: String?
        var blocks: [TextBlock]

        var shingles: Shingles {
            Shingles(canonicalText: CanonicalText.identityText(title: title, blocks: blocks))
        }
    }

    /// What start-up reconciliation found.
    public struct Reconciliation: Sendable {
        public var fromCheckpoint = 0
        public var readFromArchive = 0
        public var unreadableLines = 0
        public var startOffset: UInt64 = 0
    }

    /// An index over `ids` only; ``init(stateDirectory:archive:minimumWords:logger:)`` loads the rest.
    init(file: ArchiveFile, checkpointPath: String, identity: FileIdentity, ids: Set<UInt128>) {
        self.archiveFile = file
        self.checkpointPath = checkpointPath
        self.archive = identity
        self.ids = ids
        self.coveredLength = 0
    }

    public func claim(_ record: ArticleRecord, policy: NearDuplicatePolicy, rule: NearDuplicateRule) async -> DedupVerdict {
        guard !ids.contains(record.id.value) else { return .duplicate(of: record.id) }
        let long = record.wordCount >= rule.minimumWords
        var verdict = DedupVerdict.new
        if policy != .keep, long {
            if let (match, similarity) = await nearestDuplicate(of: record, rule: rule) {
                verdict = .nearDuplicate(of: ArticleID(value: match), similarity: similarity)
            }
            // Another claim may have reserved the same id while this one read the archive.
            guard !ids.contains(record.id.value) else { return .duplicate(of: record.id) }
        }
        if case .nearDuplicate = verdict, policy == .drop { return verdict }
        ids.insert(record.id.value)
        reserved.insert(record.id.value)
        if long {
            pending.append(Pending(id: record.id.value, simhash: record.simhash, title: record.title, blocks: record.blocks))
        }
        return verdict
    }

    /// The nearest stored or reserved article that the rule calls a duplicate of `record`. The
    /// record's shingles are computed only when there is a candidate to compare with.
    private func nearestDuplicate(of record: ArticleRecord, rule: NearDuplicateRule) async -> (UInt128, Double)? {
        let simhash = record.simhash
        var candidates: [(distance: Int, candidate: Candidate)] = near.candidates(near: simhash, radius: NearDuplicateRule.radius)
            .map { ($0.distance, .archived(nearOffsets[Int($0.ordinal)])) }
        for (index, entry) in pending.enumerated() {
            let distance = (entry.simhash ^ simhash).nonzeroBitCount
            if distance <= NearDuplicateRule.radius { candidates.append((distance, .pending(index))) }
        }
        // Shingling the record is the costly part: only when some candidate is within reach.
        guard !candidates.isEmpty else { return nil }
        let mine = Shingles(canonicalText: CanonicalText.identityText(title: record.title, blocks: record.blocks))
        let match = await rule.nearest(among: candidates, to: mine) { candidate -> (id: ArticleID, shingles: Shingles)? in
            switch candidate {
            case .pending(let index):
                return (ArticleID(value: pending[index].id), pending[index].shingles)
            case .archived(let offset):
                guard let line = await archiveFile.line(at: offset),
                    let stored = RecordLine.canonicalText(in: line),
                    let storedID = line.withUnsafeBufferPointer(RecordLine.id(in:))
                else { return nil }
                return (storedID, Shingles(canonicalText: stored))
            }
        }
        return match.map { ($0.id.value, $0.similarity) }
    }

    private enum Candidate: Sendable {
        case archived(UInt64)
        case pending(Int)
    }

    public func release(_ released: [ArticleID]) {
        let gone = Set(released.map(\.value)).intersection(reserved)
        reserved.subtract(gone)
        ids.subtract(gone)
        pending.removeAll { gone.contains($0.id) }
    }

    public func committed(_ placed: [ArticleID: UInt64], archiveLength: UInt64) {
        for entry in pending {
            guard let offset = placed[ArticleID(value: entry.id)] else { continue }
            fileNear(simhash: entry.simhash, offset: offset)
        }
        pending.removeAll(keepingCapacity: true)
        uncheckpointed += reserved.count
        reserved.removeAll(keepingCapacity: true)
        coveredLength = archiveLength
    }

    func fileNear(simhash: UInt64, offset: UInt64) {
        near.insert(simhash)
        nearOffsets.append(offset)
    }

    /// Files many records at once, as loading does: the candidate index is built in one pass.
    func fileNear(simhashes: [UInt64], offsets: [UInt64]) {
        near.insert(contentsOf: simhashes)
        nearOffsets.reserveCapacity(nearOffsets.count + offsets.count)
        nearOffsets.append(contentsOf: offsets)
    }

    public func count() -> Int { ids.count }

    /// About how many bytes the ids and the candidate index take.
    public func memoryBytes() -> Int {
        ids.capacity * MemoryLayout<UInt128>.stride + near.memoryBytes + nearOffsets.capacity * MemoryLayout<UInt64>.stride
    }

    /// Forgets articles whose records are gone (a segment deleted by retention), so that
    /// deduplication covers exactly the segments kept.
    public func forget(_ removed: [ArticleID]) throws(SystemError) {
        let gone = Set(removed.map(\.value)).subtracting(reserved)
        ids.subtract(gone)
        try checkpoint()
    }

    /// Fingerprints filed for near-duplicate detection.
    public func nearCount() -> Int { near.count }

    /// Follows the archive to the file now open at its path (after a rotation): later checkpoints
    /// cover that file, and the articles already known stay known as exact duplicates (those in
    /// the earlier file can no longer be re-read, so they stop being near-duplicate candidates).
    public func follow(_ file: ArchiveFile) async throws {
        archive = try await file.identity()
        coveredLength = await file.durableLength()
        near = SimHashIndex()
        nearOffsets = []
        try checkpoint()
    }

    /// Writes the durable part of the state to the checkpoint file, atomically.
    public func checkpoint() throws(SystemError) {
        let durable = reserved.isEmpty ? Array(ids) : Array(ids.subtracting(reserved))
        let entries = near.fingerprints.indices.map {
            DedupCheckpoint.NearEntry(simhash: near.fingerprints[$0], offset: nearOffsets[$0])
        }
        try DedupCheckpoint(archive: archive, coveredLength: coveredLength, ids: durable, near: entries).write(to: checkpointPath)
        uncheckpointed = 0
    }
}
