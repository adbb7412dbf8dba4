import Logging
import NewsdropArchive
import NewsdropStore

/// The local backend: the JSON Lines file, the dedup state folder, rotation and retention.
struct FileStore: IngestStore {
    let file: ArchiveFile
    let index: LocalDedupIndex
    let rotation: SegmentRotation
    let janitor: SegmentJanitor
    let rotatedSegments: AsyncStream<String>
    let rotatedContinuation: AsyncStream<String>.Continuation
    let logger: Logger

    var archive: any ArchiveWriter { file }
    var dedup: any DedupIndex { index }

    func runInBackground() async { await janitor.run(rotatedSegments) }
    func betweenBatches() async { await rotation.rotateIfDue() }
    func finish() { rotatedContinuation.finish() }

    func archiveSize() async -> (bytes: UInt64, segments: Int)? {
        (await file.durableLength(), ArchiveSegments(archivePath: file.path).rotated().count)
    }

    /// Reopens the archive path so that an archive renamed away is continued in a new file.
    func reload() async {
        do {
            try await file.reopen()
            try await index.follow(file)
            await FileStore.reportRepair(of: file, logger: logger)
        } catch {
            logger.event(
                .ioError, .error, "reload: the archive could not be reopened; still appending to the open file",
                ["error": "\(error)"])
        }
    }

    static func reportRepair(of archive: ArchiveFile, logger: Logger) async {
        guard let repair = await archive.lastRepair else { return }
        logger.event(
            .tornTail, .warning, "torn last line of the archive cut off and kept aside",
            [
                "torn_bytes": "\(repair.tornBytes)", "kept_at": "\(repair.keptAt)", "archive_offset": "\(repair.archiveLength)",
            ])
    }
}
