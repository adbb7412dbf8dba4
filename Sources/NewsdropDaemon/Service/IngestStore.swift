import NewsdropArchive
import NewsdropStore

/// The backend the pipeline writes to, and the work it needs besides appending.
protocol IngestStore: Sendable {
    var archive: any ArchiveWriter { get }
    var dedup: any DedupIndex { get }
    /// Work that runs beside the pipeline until it is cancelled.
    func runInBackground() async
    /// Runs after every batch (built-in rotation).
    func betweenBatches() async
    /// Runs on SIGHUP, after the settings are read again (reopening the archive path).
    func reload() async
    /// The pipeline has stopped: no more batches.
    func finish()
    /// The archive file's durable bytes and its rotated segments; `nil` for a table.
    func archiveSize() async -> (bytes: UInt64, segments: Int)?
}
