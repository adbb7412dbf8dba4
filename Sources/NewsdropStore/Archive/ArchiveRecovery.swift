public import Foundation
import Glibc
import NewsdropCore
public import NewsdropIO

/// Start-up repair of an archive a crash left with a torn last line.
///
/// Whole records end in `\n`. Bytes after the last newline are an unfinished write: they are
/// copied to `ARCHIVE.torn-<UTC time>` beside the archive (and synced) before the archive is cut
/// back, so nothing is destroyed and nothing torn is ever read as a record.
public enum ArchiveRecovery {
    /// What a repair cut off and where it put it.
    public struct Repair: Sendable, Equatable {
        public var tornBytes: Int
        public var keptAt: String
        public var archiveLength: UInt64
    }

    public static func repairTornTail(fd: Int32, path: String, now: Date) throws(SystemError) -> Repair? {
        let size = try FileIO.size(fd, path: path)
        guard size > 0 else { return nil }
        let lastByte = try FileIO.preadAll(fd, count: 1, at: size - 1, path: path)
        guard lastByte != [UInt8(ascii: "\n")] else { return nil }
        let cut = try endOfLastCompleteLine(fd: fd, size: size, path: path)
        let torn = try FileIO.preadAll(fd, count: Int(size - cut), at: cut, path: path)
        let stamp = CivilStamp.compact(now)
        var keptAt = "\(path).torn-\(stamp)"
        var suffix = 1
        while access(keptAt, F_OK) == 0 {
            keptAt = "\(path).torn-\(stamp)-\(suffix)"
            suffix += 1
        }
        try FileIO.writeAtomically(torn, to: keptAt)
        guard ftruncate(fd, off_t(cut)) == 0 else { throw .current("truncate", path: path) }
        guard fsync(fd) == 0 else { throw .current("fsync", path: path) }
        return Repair(tornBytes: torn.count, keptAt: keptAt, archiveLength: cut)
    }

    /// The offset just past the last `\n` before `size`, or 0 when there is none.
    static func endOfLastCompleteLine(fd: Int32, size: UInt64, path: String) throws(SystemError) -> UInt64 {
        let chunk: UInt64 = 64 * 1024
        var end = size
        while end > 0 {
            let start = end > chunk ? end - chunk : 0
            let bytes = try FileIO.preadAll(fd, count: Int(end - start), at: start, path: path)
            if let newline = bytes.lastIndex(of: UInt8(ascii: "\n")) {
                return start + UInt64(newline) + 1
            }
            end = start
        }
        return 0
    }
}

/// Compact UTC timestamps for file names: `20261129T042206Z`.
enum CivilStamp {
    static func compact(_ date: Date) -> String {
        CivilCalendar.rfc3339UTC(date).filter { $0 != "-" && $0 != ":" }
    }
}
