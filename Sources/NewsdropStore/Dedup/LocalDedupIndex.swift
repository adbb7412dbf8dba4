public import NewsdropCore
public import NewsdropIO
public import Logging

/// Exact deduplication on one host: a set of 128-bit ids in memory, checkpointed to the state
/// folder and reconciled with the archive at start-up.
///
/// The archive is the truth. At start-up the index loads the last checkpoint and reads the archive
/// from where the checkpoint ends, so it is right after any crash; a replaced or shortened archive
/// is read whole.
public actor LocalDedupIndex: DedupIndex {
    public static let checkpointName = "dedup-exact.ids"

    private var ids: Set<UInt128>
    /// Ids claimed by records not yet durable; never written to a checkpoint.
    private var reserved: Set<UInt128> = []
    private let checkpointPath: String
    private var archive: FileIdentity
    private var coveredLength: UInt64
    private var uncheckpointed = 0

    /// What start-up reconciliation found.
    public struct Reconciliation: Sendable {
        public var fromCheckpoint: Int
        public var readFromArchive: Int
        public var unreadableLines: Int
        public var startOffset: UInt64
    }

    public private(set) var reconciliation: Reconciliation

    /// Loads the checkpoint in `stateDirectory` and brings it up to date with the archive file.
    public init(stateDirectory: String, archive: ArchiveFile, logger: Logger) async throws {
        try FileIO.makeDirectories(stateDirectory)
        checkpointPath = stateDirectory + "/" + Self.checkpointName
        self.archive = try await archive.identity()
        let length = await archive.durableLength()
        let checkpoint: DedupCheckpoint?
        do {
            checkpoint = try DedupCheckpoint.read(from: checkpointPath)
        } catch {
            logger.warning("dedup checkpoint unreadable; rebuilding from the archive", metadata: ["error": "\(error)"])
            checkpoint = nil
        }
        var ids = Set(checkpoint?.ids ?? [])
        let start: UInt64 = if let checkpoint, checkpoint.archive == self.archive, checkpoint.coveredLength <= length {
            checkpoint.coveredLength
        } else {
            0
        }
        var read = 0, unreadable = 0
        let end = try ArchiveReader(path: archive.path).forEachLine(from: start) { offset, line in
            guard offset < length else { return }
            if let id = RecordLine.id(in: line) {
                ids.insert(id.value)
                read += 1
            } else {
                unreadable += 1
            }
        }
        self.ids = ids
        coveredLength = min(end, length)
        reconciliation = Reconciliation(
            fromCheckpoint: checkpoint?.ids.count ?? 0, readFromArchive: read, unreadableLines: unreadable, startOffset: start)
        uncheckpointed = read
        if checkpoint == nil || read > 0 {
            try self.checkpoint()
        }
    }

    public func claim(_ record: ArticleRecord) -> ArticleID? {
        guard ids.insert(record.id.value).inserted else { return record.id }
        reserved.insert(record.id.value)
        return nil
    }

    public func release(_ released: [ArticleID]) {
        for id in released where reserved.remove(id.value) != nil {
            ids.remove(id.value)
        }
    }

    public func committed(archiveLength: UInt64) {
        uncheckpointed += reserved.count
        reserved.removeAll(keepingCapacity: true)
        coveredLength = archiveLength
    }

    public func count() -> Int { ids.count }

    /// Records committed since the last checkpoint.
    public func pendingCheckpoint() -> Int { uncheckpointed }

    /// Follows the archive to the file now open at its path (after a rotation): later checkpoints
    /// cover that file, and the ids already known stay known.
    public func follow(_ file: ArchiveFile) async throws {
        archive = try await file.identity()
        coveredLength = await file.durableLength()
        try checkpoint()
    }

    /// Writes the durable part of the state to the checkpoint file, atomically.
    public func checkpoint() throws(SystemError) {
        let durable = reserved.isEmpty ? Array(ids) : Array(ids.subtracting(reserved))
        try DedupCheckpoint(archive: archive, coveredLength: coveredLength, ids: durable).write(to: checkpointPath)
        uncheckpointed = 0
    }
}
