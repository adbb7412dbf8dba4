public import Logging
public import NewsdropCore
public import NewsdropIO

extension LocalDedupIndex {
    /// Loads the checkpoint in `stateDirectory` and brings it up to date with the archive file:
    /// the archive is read from where the checkpoint ends, or whole when the checkpoint is missing,
    /// damaged, or was written for another file; then the ids of every rotated segment are read
    /// too. Articles the near-duplicate rule covers (long enough) in the archive file are filed for
    /// near-duplicate detection. `progress` is told the bytes read so far.
    public init(
        stateDirectory: String, archive file: ArchiveFile,
        nearDuplicates: @escaping @Sendable () -> NearDuplicateDecision = { NearDuplicateDecision() },
        logger: Logger, progress: @Sendable (UInt64) -> Void = { _ in }
    ) async throws {
        try FileIO.makeDirectories(stateDirectory)
        let checkpointPath = stateDirectory + "/" + Self.checkpointName
        let identity = try await file.identity()
        let length = await file.durableLength()
        let checkpoint: DedupCheckpoint?
        do {
            checkpoint = try DedupCheckpoint.read(from: checkpointPath)
        } catch {
            logger.warning("dedup checkpoint unreadable; rebuilding from the archive", metadata: ["error": "\(error)"])
            checkpoint = nil
        }
        let sameFile = checkpoint.map { $0.archive == identity && $0.coveredLength <= length } ?? false
        self.init(
            file: file, nearDuplicates: nearDuplicates, checkpointPath: checkpointPath, identity: identity,
            ids: Set(checkpoint?.ids ?? []))
        // Near-duplicate entries point into the checkpoint's archive file; for another file they
        // are rebuilt from the archive read below.
        let checkpointed = (sameFile ? checkpoint?.near : nil) ?? []
        let start = sameFile ? checkpoint!.coveredLength : 0
        var read = 0
        var unreadable = 0
        var ids = self.ids
        var bytesRead: UInt64 = 0
        if !sameFile {
            for segment in ArchiveSegments(archivePath: file.path).rotated() {
                try ArchiveSegments.forEachLine(in: segment) { line in
                    bytesRead += UInt64(line.count + 1)
                    if bytesRead & 0xFFFFF < UInt64(line.count + 1) { progress(bytesRead) }
                    if let id = RecordLine.id(in: line) {
                        ids.insert(id.value)
                        read += 1
                    } else {
                        unreadable += 1
                    }
                }
            }
        }
        let segmentBytes = bytesRead
        var found: [(UInt64, RecordLine.Fingerprint)] = []
        let end = try ArchiveReader(path: file.path).forEachLine(from: start) { offset, line in
            guard offset < length else { return }
            if offset & 0xFFFFF < UInt64(line.count + 1) { progress(segmentBytes + offset) }
            if let fingerprint = RecordLine.fingerprint(in: line) {
                ids.insert(fingerprint.id.value)
                found.append((offset, fingerprint))
                read += 1
            } else {
                unreadable += 1
            }
        }
        var simhashes = checkpointed.map(\.simhash)
        var offsets = checkpointed.map(\.offset)
        let rule = nearDuplicates().rule
        for (offset, fingerprint) in found where rule.covers(wordCount: fingerprint.wordCount) {
            simhashes.append(fingerprint.simhash)
            offsets.append(offset)
        }
        fileNear(simhashes: simhashes, offsets: offsets)
        self.ids = ids
        coveredLength = min(end, length)
        reconciliation = Reconciliation(
            fromCheckpoint: checkpoint?.ids.count ?? 0, readFromArchive: read, unreadableLines: unreadable, startOffset: start)
        uncheckpointed = read
        if checkpoint == nil || read > 0 {
            try self.checkpoint()
        }
    }
}
