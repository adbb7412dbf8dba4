public import Foundation
import NewsdropCore
import NewsdropIO
#if canImport(Glibc)
import Glibc
#endif

/// The archive and its rotated segments: `STEM-<UTC timestamp>.jsonl` (or `.jsonl.gz`) beside
/// `STEM.jsonl`, oldest first by name.
public struct ArchiveSegments: Sendable {
    public let archivePath: String

    public init(archivePath: String) {
        self.archivePath = archivePath
    }

    var folder: String {
        guard let slash = archivePath.lastIndex(of: "/") else { return "." }
        return slash == archivePath.startIndex ? "/" : String(archivePath[..<slash])
    }

    var stem: String {
        let name = archivePath.split(separator: "/").last.map(String.init) ?? archivePath
        return name.hasSuffix(".jsonl") ? String(name.dropLast(6)) : name
    }

    /// Rotated segments, oldest first. While a segment is being compressed both its forms may
    /// exist for a moment; it is listed once, uncompressed.
    public func rotated() -> [String] {
        let names = Set(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter(isSegmentName))
        return names.filter { !($0.hasSuffix(".gz") && names.contains(String($0.dropLast(3)))) }
            .sorted().map { folder + "/" + $0 }
    }

    /// Rotated segments, oldest first, then the archive itself (when it exists).
    public func all() -> [String] {
        rotated() + (FileManager.default.fileExists(atPath: archivePath) ? [archivePath] : [])
    }

    func isSegmentName(_ name: String) -> Bool {
        let prefix = stem + "-"
        guard name.hasPrefix(prefix) else { return false }
        var rest = Substring(name.dropFirst(prefix.count))
        if rest.hasSuffix(".jsonl.gz") { rest = rest.dropLast(9) } else if rest.hasSuffix(".jsonl") { rest = rest.dropLast(6) } else { return false }
        let chars = Array(rest.utf8)
        return chars.count == 16 && chars[8] == UInt8(ascii: "T") && chars[15] == UInt8(ascii: "Z")
            && (chars[0..<8] + chars[9..<15]).allSatisfy { (48...57).contains($0) }
    }

    /// A free segment path for a rotation at `date`: the next second when that one is taken.
    public func newSegmentPath(at date: Date) -> String {
        var time = date
        while true {
            let stamp = CivilCalendar.rfc3339UTC(time).filter { $0 != "-" && $0 != ":" }
            let path = "\(folder)/\(stem)-\(stamp).jsonl"
            if !FileManager.default.fileExists(atPath: path), !FileManager.default.fileExists(atPath: path + ".gz") {
                return path
            }
            time += 1
        }
    }

    /// Calls `body` with each complete line of a segment or the archive, compressed or not. A
    /// segment compressed since it was listed is read in its compressed form.
    public static func forEachLine(in path: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var path = path
        if !path.hasSuffix(".gz") {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd >= 0 {
                // Read through this descriptor: compression may unlink the name meanwhile.
                defer { close(fd) }
                try ArchiveReader.forEachLine(in: fd, path: path) { _, line in try body(line) }
                return
            }
            guard errno == ENOENT, FileManager.default.fileExists(atPath: path + ".gz") else {
                throw SystemError.current("open", path: path)
            }
            path += ".gz"
        }
        var pending: [UInt8] = []
        try Gzip.decompress(path) { chunk in
            var start = 0
            for index in chunk.indices where chunk[index] == UInt8(ascii: "\n") {
                if pending.isEmpty {
                    try body(UnsafeBufferPointer(rebasing: chunk[start..<index]))
                } else {
                    pending.append(contentsOf: chunk[start..<index])
                    try pending.withUnsafeBufferPointer(body)
                    pending.removeAll(keepingCapacity: true)
                }
                start = index + 1
            }
            pending.append(contentsOf: chunk[start...])
        }
    }
}
