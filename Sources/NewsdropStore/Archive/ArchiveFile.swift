public import Foundation
import Glibc
public import NewsdropArchive
public import NewsdropCore
public import NewsdropIO

/// The local archive: one JSON Lines file, appended to with one `write` per batch and made
/// durable with `fdatasync` (group commit).
///
/// Opening it repairs a torn last line left by a crash (see ``ArchiveRecovery``). A failed write
/// or sync truncates the file back to its last durable length, so a half-written line never stays.
public actor ArchiveFile: ArchiveWriter {
    public nonisolated let path: String
    private var fd: Int32
    private var length: UInt64
    /// The repair made when the file was last opened, if a torn line was found.
    public private(set) var lastRepair: ArchiveRecovery.Repair?
    /// When the first record of the current file was ingested; `nil` while it is empty.
    public private(set) var startedAt: Date?
    /// True while a batch is being written and synced off the actor.
    private var isAppending = false
    /// How long the last batch's `fdatasync` took.
    private var syncDuration: Duration?
    /// Calls waiting for the append in flight to end.
    private var waitingForAppend: [CheckedContinuation<Void, Never>] = []

    /// Opens (creating when missing) the archive at `path`, repairing a torn tail first.
    public init(path: String, now: Date = Date()) throws(SystemError) {
        self.path = path
        let opened = try Self.openRepaired(path: path, now: now)
        self.fd = opened.fd
        self.length = opened.length
        self.lastRepair = opened.repair
        self.startedAt = Self.firstIngestion(fd: opened.fd, length: opened.length, path: path)
    }

    /// The `date_ingested` of the file's first record.
    private static func firstIngestion(fd: Int32, length: UInt64, path: String) -> Date? {
        guard length > 0, let head = try? FileIO.preadAll(fd, count: Int(min(length, 1 << 20)), at: 0, path: path),
            let newline = head.firstIndex(of: UInt8(ascii: "\n")),
            let object = try? JSONSerialization.jsonObject(with: Data(head[..<newline])) as? [String: Any],
            let stamp = object["date_ingested"] as? String,
            let date = PublicationDateParser.iso8601(stamp)
        else { return length > 0 ? Date() : nil }
        return date.earliestInstant
    }

    private static func openRepaired(path: String, now: Date) throws(SystemError) -> (
        fd: Int32, length: UInt64, repair: ArchiveRecovery.Repair?
    ) {
        try FileIO.makeDirectories(FileIO.parentDirectory(of: path))
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .current("open", path: path) }
        do {
            let repair = try ArchiveRecovery.repairTornTail(fd: fd, path: path, now: now)
            return (fd, try FileIO.size(fd, path: path), repair)
        } catch {
            close(fd)
            throw error
        }
    }

    public func appendDurably(_ records: [ArticleRecord]) async throws -> [Placement] {
        try await appendLinesDurably(records.map { $0.jsonBytes() }).map { .archived(at: $0) }
    }

    /// Appends each line (one JSON record, without its newline) with one write and one
    /// `fdatasync`; returns the offset each line starts at. On failure the file is cut back.
    ///
    /// The write and the sync run off the cooperative pool (``BlockingIO``), so the actor serves
    /// reads meanwhile (they see only the durable length); another append, a rotation or a
    /// reopen waits for it to end.
    public func appendLinesDurably(_ lines: [[UInt8]]) async throws(SystemError) -> [UInt64] {
        guard !lines.isEmpty else { return [] }
        await waitForAppendInFlight()
        isAppending = true
        defer {
            isAppending = false
            for waiter in waitingForAppend { waiter.resume() }
            waitingForAppend.removeAll()
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(lines.reduce(lines.count) { $0 + $1.count })
        var offsets: [UInt64] = []
        offsets.reserveCapacity(lines.count)
        for line in lines {
            offsets.append(length + UInt64(buffer.count))
            buffer.append(contentsOf: line)
            buffer.append(UInt8(ascii: "\n"))
        }
        let (fd, path, durable) = (fd, path, length)
        let batch = buffer
        syncDuration = try await BlockingIO.run { () throws(SystemError) -> Duration in
            do throws(SystemError) {
                try FileIO.writeAll(fd, batch, path: path)
                let started = ContinuousClock.now
                guard fdatasync(fd) == 0 else { throw SystemError.current("fdatasync", path: path) }
                return ContinuousClock.now - started
            } catch {
                // Leave no partial batch behind: cut back to the last durable length.
                _ = ftruncate(fd, off_t(durable))
                _ = fdatasync(fd)
                throw error
            }
        }
        length += UInt64(buffer.count)
        if startedAt == nil { startedAt = Date() }
        return offsets
    }

    private func waitForAppendInFlight() async {
        while isAppending {
            await withCheckedContinuation { waitingForAppend.append($0) }
        }
    }

    public func reopen() async throws {
        await waitForAppendInFlight()
        let opened = try Self.openRepaired(path: path, now: Date())
        close(fd)
        fd = opened.fd
        length = opened.length
        lastRepair = opened.repair
        startedAt = Self.firstIngestion(fd: fd, length: length, path: path)
    }

    /// Built-in rotation: renames the (durable) file to `segmentPath` and starts a new, empty file
    /// at the archive path. Both renames are made durable before it returns.
    public func rotate(to segmentPath: String) async throws(SystemError) {
        await waitForAppendInFlight()
        guard fsync(fd) == 0 else { throw .current("fsync", path: path) }
        guard rename(path, segmentPath) == 0 else { throw .current("rename", path: path) }
        let fresh = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fresh >= 0 else {
            let error = SystemError.current("open", path: path)
            _ = rename(segmentPath, path)
            throw error
        }
        try FileIO.syncDirectory(containing: path)
        close(fd)
        fd = fresh
        length = 0
        startedAt = nil
        lastRepair = nil
    }

    public func durableLength() async -> UInt64 { length }

    public func lastSyncDuration() async -> Duration? { syncDuration }

    /// The record line that starts at `offset` of the open file, without its newline; `nil` when
    /// no complete line starts there.
    public func line(at offset: UInt64) -> [UInt8]? {
        guard offset < length else { return nil }
        var line: [UInt8] = []
        var position = offset
        let chunk = 16 * 1024
        while position < length {
            guard let bytes = try? FileIO.preadAll(fd, count: min(chunk, Int(length - position)), at: position, path: path),
                !bytes.isEmpty
            else { return nil }
            if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                line.append(contentsOf: bytes[..<newline])
                return line
            }
            line.append(contentsOf: bytes)
            position += UInt64(bytes.count)
        }
        return nil
    }

    /// The device and inode of the open file: identifies this archive across renames.
    public func identity() throws(SystemError) -> FileIdentity {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .current("stat", path: path) }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    deinit {
        close(fd)
    }
}

/// Which file on which device: survives renames, changes when a file is replaced.
public struct FileIdentity: Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }
}
