import Foundation
import Glibc
public import NewsdropIO
import Synchronization

/// The claimed files being parsed or committed right now, kept in `STATE/in-flight`, one
/// ``ClaimedFile`` line each.
///
/// A batch is added before its files are parsed and removed once they are retired, so after a
/// crash the file names exactly the files that may have caused it. The file is rewritten in
/// place and never synced: a process crash (a trap, a fault, an abort by the watchdog) keeps the
/// pages already written, and a power cut, which may lose them, is not the fault of a file.
public final class InFlightRecord: Sendable {
    public static let fileName = "in-flight"

    private struct Open {
        var nextBatch = 0
        /// Each open batch's lines, encoded once.
        var batches: [Int: [UInt8]] = [:]
        /// The file's length after the last write.
        var length = 0
    }

    private let fd: Int32
    private let path: String
    private let open = Mutex(Open())

    /// Opens (or creates) the record in `stateDirectory`, empty.
    public init(stateDirectory: String) throws(SystemError) {
        path = stateDirectory + "/" + Self.fileName
        fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o640)
        guard fd >= 0 else { throw .current("open", path: path) }
        _ = ftruncate(fd, 0)
    }

    deinit { close(fd) }

    /// Notes that `files` are about to be parsed; returns the batch's number for ``end(_:)``.
    public func begin(_ files: [ClaimedFile]) -> Int {
        var lines: [UInt8] = []
        lines.reserveCapacity(files.count * 48)
        for file in files { file.appendLine(to: &lines) }
        return open.withLock { open in
            let batch = open.nextBatch
            open.nextBatch += 1
            open.batches[batch] = lines
            write(&open)
            return batch
        }
    }

    /// Notes that a batch's files are retired (or left for a later run without having crashed it).
    public func end(_ batch: Int) {
        open.withLock { open in
            guard open.batches.removeValue(forKey: batch) != nil else { return }
            write(&open)
        }
    }

    /// The files an earlier run left in flight; empty when it ended cleanly.
    public static func load(stateDirectory: String) -> [ClaimedFile] {
        let path = stateDirectory + "/" + fileName
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { ClaimedFile(line: $0) }
    }

    /// Rewrites the file with every open batch: one `pwrite`, and an `ftruncate` only when the
    /// file shrinks (one call per batch in the common case of one batch at a time). A failed write
    /// is not an ingest failure: the record only tells which files were in flight, so it is left
    /// as it is.
    private func write(_ open: inout Open) {
        let bytes = open.batches.count == 1 ? open.batches.first!.value : open.batches.values.reduce(into: [UInt8]()) { $0 += $1 }
        if !bytes.isEmpty, bytes.withUnsafeBytes({ pwrite(fd, $0.baseAddress, $0.count, 0) }) != bytes.count {
            open.length = max(open.length, bytes.count)
            return
        }
        if bytes.count < open.length { _ = ftruncate(fd, off_t(bytes.count)) }
        open.length = bytes.count
    }
}
