import CLinux
import Logging
import NewsdropArchive
import NewsdropCore
import NewsdropInbox
import NewsdropPostgres
import NewsdropStore
import ServiceLifecycle

extension NewsdropService {
    /// Opens the local archive and dedup state (reconciled with the archive) and ingests.
    func runOnFile(inbox: Inbox, startUp: StartUp) async throws {
        let initial = settings.current
        let archive = try ArchiveFile(path: initial.archive)
        await FileStore.reportRepair(of: archive, logger: logger)
        let settings = settings
        let dedup = try await LocalDedupIndex(
            stateDirectory: initial.state, archive: archive, nearDuplicates: { settings.read(\.nearDuplicateDecision) }, logger: logger)
        // Loading read the checkpoint and the archive's tail into buffers that are freed now;
        // hand their pages back rather than keep them resident for the daemon's lifetime.
        malloc_trim(0)
        let reconciled = await dedup.reconciliation
        logger.event(
            .reconciled, .info, "dedup state reconciled with the archive",
            [
                "checkpoint_ids": "\(reconciled.fromCheckpoint)", "archive_records_read": "\(reconciled.readFromArchive)",
                "unreadable_lines": "\(reconciled.unreadableLines)", "near_duplicate_fingerprints": "\(await dedup.nearCount())",
            ])
        let (rotatedSegments, rotatedContinuation) = AsyncStream.makeStream(of: String.self)
        let store = FileStore(
            file: archive, index: dedup,
            rotation: SegmentRotation(archive: archive, dedup: dedup, settings: settings, logger: logger, rotated: rotatedContinuation),
            janitor: SegmentJanitor(archivePath: initial.archive, dedup: dedup, settings: settings, logger: logger),
            rotatedSegments: rotatedSegments, rotatedContinuation: rotatedContinuation, logger: logger)
        try await ingest(inbox: inbox, store: store, startUp: startUp)
    }

    /// Connects to the shared table, waiting (degraded, with backoff) while PostgreSQL cannot be
    /// reached, applies the migrations, reads the table's fingerprints and ingests.
    func runOnPostgres(inbox: Inbox, startUp: StartUp) async throws {
        let backend = try PostgresBackend(options: settings.current.postgres)
        let settings = settings
        let archive = PostgresArchive(backend: backend) { settings.current.nearDuplicateDecision }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await backend.run() }
            defer { group.cancelAll() }
            do {
                if try await connect(backend, archive: archive) {
                    try await ingest(
                        inbox: inbox, store: PostgresStore(archive: archive, dedup: PostgresDedupIndex(archive: archive)), startUp: startUp)
                }
            } catch {
                await archive.close()
                throw error
            }
            await archive.close()
        }
    }

    /// Applies the migrations and loads the fingerprints, retrying while the database cannot be
    /// reached; returns false when shutdown came first. A setting to fix ends the service.
    private func connect(_ backend: PostgresBackend, archive: PostgresArchive) async throws -> Bool {
        var backoff = Backoff()
        let logger = logger
        while true {
            do {
                let found = try await archive.prepare()
                logger.event(
                    .reconciled, .info, "connected to the shared archive",
                    [
                        "postgres": "\(backend.location.redacted)", "table": "\(backend.table)", "schema_version_found": "\(found)",
                        "schema_version": "\(PostgresSchema.version)", "near_duplicate_fingerprints": "\(await archive.nearCount())",
                    ])
                _ = counters.setDegraded(nil)
                return true
            } catch let error where error.isConfiguration {
                throw error
            } catch {
                if counters.setDegraded("PostgreSQL unreachable: \(error)") {
                    logger.event(
                        .degraded, .error, "cannot reach PostgreSQL; retrying, files stay in the inbox",
                        ["error": "\(error)", "postgres": "\(backend.location.redacted)"])
                }
                notifier.status("waiting for PostgreSQL at \(backend.location.redacted): \(error)")
                let wait = backoff.next()
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
                } catch {
                    return false
                }
                if Task.isCancelled || Task.isShuttingDownGracefully { return false }
            }
        }
    }
}

/// The shared backend: one PostgreSQL table; nothing to do between batches or on reload.
struct PostgresStore: IngestStore {
    let archive: any ArchiveWriter
    let dedup: any DedupIndex

    func runInBackground() async {}
    func betweenBatches() async {}
    func reload() async {}
    func finish() {}
    func archiveSize() async -> (bytes: UInt64, segments: Int)? { nil }
}
