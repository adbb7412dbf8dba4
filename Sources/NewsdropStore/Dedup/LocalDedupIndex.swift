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
    /// The near-duplicate candidates: fingerprinted records by where they start in the open
    /// archive file.
    var near = CandidateIndex<UInt64>()
    /// Reserved records long enough for near-duplicate detection, filed in `near` at commit.
    var pending: [Pending] = []
    let archiveFile: ArchiveFile
    /// The near-duplicate decision in force, read at each claim (a reload can change it).
    let nearDuplicates: @Sendable () -> NearDuplicateDecision
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

        var shingles: Shingles { NearDuplicateDecision.shingles(title: title, blocks: blocks) }

        init(_ record: ArticleRecord) {
            id = record.id.value
            simhash = record.simhash
            title = record.title
            blocks = record.blocks
        }
    }

    /// What start-up reconciliation found.
    public struct Reconciliation: Sendable {
        public var fromCheckpoint = 0
        public var readFromArchive = 0
        public var unreadableLines = 0
        public var startOffset: UInt64 = 0
    }

    /// An index over `ids` only; ``init(stateDirectory:archive:nearDuplicates:logger:progress:)`` loads the rest.
    init(
        file: ArchiveFile, nearDuplicates: @escaping @Sendable () -> NearDuplicateDecision, checkpointPath: String,
        identity: FileIdentity, ids: Set<UInt128>
    ) {
        self.archiveFile = file
        self.nearDuplicates = nearDuplicates
        self.checkpointPath = checkpointPath
        self.archive = identity
        self.ids = ids
        self.coveredLength = 0
    }

    public func claim(_ record: ArticleRecord) async -> DedupVerdict {
        guard !ids.contains(record.id.value) else { return .duplicate(of: record.id) }
        let decision = nearDuplicates()
        var verdict = DedupVerdict.new
        if decision.applies(to: record) {
            if let match = await nearestDuplicate(of: record, decision: decision) {
                verdict = .nearDuplicate(of: match.id, similarity: match.similarity)
            }
            // Another claim may have reserved the same id while this one read the archive.
            guard !ids.contains(record.id.value) else { return .duplicate(of: record.id) }
        }
        if case .nearDuplicate = verdict, !decision.archivesMatches { return verdict }
        ids.insert(record.id.value)
        reserved.insert(record.id.value)
        if decision.rule.covers(wordCount: record.wordCount) { pending.append(Pending(record)) }
        return verdict
    }

    /// The nearest stored or reserved article that the decision calls a duplicate of `record`:
    /// stored ones are re-read from the archive to be verified, reserved ones are at hand.
    private func nearestDuplicate(of record: ArticleRecord, decision: NearDuplicateDecision) async -> (id: ArticleID, similarity: Double)? {
        let stored: [(distance: Int, candidate: Candidate)] = near.candidates(near: record.simhash).map {
            ($0.distance, .archived($0.position))
        }
        let unstored = pending.lazy.enumerated().map { (simhash: $0.element.simhash, candidate: Candidate.pending($0.offset)) }
        var shingles: Shingles?
        return await decision.nearest(for: record, stored: stored, unstored: unstored, shingles: &shingles) { candidate in
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
        near.insert(simhash, at: offset)
    }

    /// Files many records at once, as loading does: the candidate index is built in one pass.
    func fileNear(simhashes: [UInt64], offsets: [UInt64]) {
        near.insert(simhashes, at: offsets)
    }

    public func count() -> Int { ids.count }

    /// About how many bytes the ids and the candidate index take.
    public func memoryBytes() -> Int {
        ids.capacity * MemoryLayout<UInt128>.stride + near.memoryBytes
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
        near = CandidateIndex()
        try checkpoint()
    }

    /// Writes the durable part of the state to the checkpoint file, atomically.
    public func checkpoint() throws(SystemError) {
        let durable = reserved.isEmpty ? Array(ids) : Array(ids.subtracting(reserved))
        let entries = near.entries.map { DedupCheckpoint.NearEntry(simhash: $0, offset: $1) }
        try DedupCheckpoint(archive: archive, coveredLength: coveredLength, ids: durable, near: entries).write(to: checkpointPath)
        uncheckpointed = 0
    }
}
