import Foundation
import NewsdropDaemon
import NewsdropPostgres
import NewsdropStore

/// Where a command reads the archived records: the archive file with its rotated segments, or
/// the shared PostgreSQL table. Both hand over the same JSON lines, oldest first.
protocol RecordSource {
    /// What a progress display calls the source.
    var name: String { get }
    /// The bytes to read, for a progress display; 0 when unknown (a table).
    var totalBytes: UInt64 { get }
    /// Hands every record line to `body`, oldest first, with the bytes read so far (0 for a
    /// table). Returns where a later read can continue: the table's last sequence number; `nil`
    /// for files.
    @discardableResult
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, UInt64) throws -> Void) async throws -> Int64?
}

/// The one choice of source for every command: `--archive FILE` always wins over
/// `backend: postgres`; otherwise the backend the settings name.
enum RecordSourceChoice: Equatable {
    case file(path: String)
    case table

    init(settings: Settings, archiveFlag: String?) {
        self = archiveFlag == nil && settings.backend == .postgres ? .table : .file(path: settings.archive)
    }

    /// The source itself; the table is read from row `after` on.
    func source(settings: Settings, after: Int64 = 0) -> any RecordSource {
        switch self {
        case .file(let path): ArchiveFileSource(path: path)
        case .table: TableSource(settings: settings, after: after)
        }
    }
}

/// The archive file and its rotated segments, oldest segment first.
struct ArchiveFileSource: RecordSource {
    let path: String

    var name: String { path }

    var totalBytes: UInt64 { CommandSupport.totalBytes(ArchiveSegments(archivePath: path).all()) }

    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, UInt64) throws -> Void) async throws -> Int64? {
        try CommandSupport.requireArchive(path)
        var bytes: UInt64 = 0
        for file in ArchiveSegments(archivePath: path).all() {
            try ArchiveSegments.forEachLine(in: file) { line in
                bytes += UInt64(line.count + 1)
                try body(line, bytes)
            }
        }
        return nil
    }
}

/// The shared table's rows after a sequence number, in commit order.
struct TableSource: RecordSource {
    let settings: Settings
    let after: Int64

    var name: String { settings.postgres.table }

    var totalBytes: UInt64 { 0 }

    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, UInt64) throws -> Void) async throws -> Int64? {
        try await CommandSupport.withPostgres(settings) { backend in
            try await PostgresRecordReader(backend: backend).forEach(after: after) { row in
                try row.line.withUnsafeBufferPointer { try body($0, 0) }
            }
        }
    }
}
