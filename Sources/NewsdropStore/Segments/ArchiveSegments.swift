public import Foundation
import NewsdropCore
import NewsdropIO

#if canImport(Glibc)
    import Glibc
#endif

/// The archive `STEM.jsonl` and its rotated segments beside it, named as ``SegmentName`` says.
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

    /// Rotated segments, oldest first (see ``SegmentName``). While a segment is being compressed
    /// both its forms may exist for a moment; it is listed once, uncompressed.
    public func rotated() -> [String] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        var names: [SegmentName: String] = [:]
        for file in files {
            guard let name = SegmentName(fileName: file, stem: stem) else { continue }
            if names[name] == nil || !file.hasSuffix(".gz") { names[name] = file }
        }
        return names.keys.sorted().map { folder + "/" + names[$0]! }
    }

    /// Rotated segments, oldest first, then the archive itself (when it exists).
    public func all() -> [String] {
        rotated() + (FileManager.default.fileExists(atPath: archivePath) ? [archivePath] : [])
    }

    /// The segment name of `path` (a segment of this archive, compressed or not).
    public func name(of path: String) -> SegmentName? {
        SegmentName(fileName: String(path.split(separator: "/").last ?? ""), stem: stem)
    }

    /// The path for a rotation at `date`: numbered one past the newest segment.
    public func newSegmentPath(at date: Date) -> String {
        let stamp = CivilCalendar.rfc3339UTC(date).filter { $0 != "-" && $0 != ":" }
        var sequence = (rotated().last.flatMap { name(of: $0)?.sequence } ?? 0) + 1
        while true {
            let path = folder + "/" + SegmentName(stem: stem, stamp: stamp, sequence: sequence).base
            if !FileManager.default.fileExists(atPath: path), !FileManager.default.fileExists(atPath: path + ".gz") {
                return path
            }
            sequence += 1
        }
    }

    /// Calls `body` with each complete line of a segment or the archive, compressed or not. A
    /// segment compressed since it was listed is read in its compressed form.
    public static func forEachLine(in path: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try forEachLine(in: path, from: 0) { _, line in try body(line) }
    }

    /// Calls `body` with each complete line from `start` (an offset in the uncompressed bytes,
    /// at the start of a line) and the offset just past the line's newline.
    public static func forEachLine(
        in path: String, from start: UInt64,
        _ body: (_ end: UInt64, _ line: UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        var path = path
        if !path.hasSuffix(".gz") {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd >= 0 {
                // Read through this descriptor: compression may unlink the name meanwhile.
                defer { close(fd) }
                if start > 0 {
                    let before = try FileIO.preadAll(fd, count: 1, at: start - 1, path: path)
                    guard before == [UInt8(ascii: "\n")] else { throw NotALineEnd(path: path, offset: start) }
                }
                try ArchiveReader.forEachLine(in: fd, path: path, from: start) { offset, line in
                    try body(offset + UInt64(line.count) + 1, line)
                }
                return
            }
            guard errno == ENOENT, FileManager.default.fileExists(atPath: path + ".gz") else {
                throw SystemError.current("open", path: path)
            }
            path += ".gz"
        }
        var pending: [UInt8] = []
        var position: UInt64 = 0
        var lastSkipped = UInt8(ascii: "\n")
        try Gzip.decompress(path) { whole in
            var chunk = whole
            if position < start {
                let skipped = Int(min(UInt64(chunk.count), start - position))
                guard skipped > 0 else { return }
                position += UInt64(skipped)
                lastSkipped = chunk[chunk.startIndex + skipped - 1]
                chunk = UnsafeBufferPointer(rebasing: chunk[(chunk.startIndex + skipped)...])
                if position == start, lastSkipped != UInt8(ascii: "\n") { throw NotALineEnd(path: path, offset: start) }
                if chunk.isEmpty { return }
            }
            var lineStart = chunk.startIndex
            for index in chunk.indices where chunk[index] == UInt8(ascii: "\n") {
                position += UInt64(index - lineStart) + 1
                if pending.isEmpty {
                    try body(position, UnsafeBufferPointer(rebasing: chunk[lineStart..<index]))
                } else {
                    pending.append(contentsOf: chunk[lineStart..<index])
                    try pending.withUnsafeBufferPointer { try body(position, $0) }
                    pending.removeAll(keepingCapacity: true)
                }
                lineStart = index + 1
            }
            pending.append(contentsOf: chunk[lineStart...])
            position += UInt64(chunk.endIndex - lineStart)
        }
        if position < start { throw NotALineEnd(path: path, offset: start) }
    }

    /// An offset to read from that is not the end of a line of the file (or past its end).
    public struct NotALineEnd: Error, CustomStringConvertible {
        public let path: String
        public let offset: UInt64
        public var description: String { "\(path): offset \(offset) is not the end of a line" }
    }

    /// The first line of a segment or the archive, compressed or not; `nil` while it has none.
    public static func firstLine(of path: String) throws -> [UInt8]? {
        struct Found: Error { let line: [UInt8] }
        do {
            try forEachLine(in: path, from: 0) { _, line in throw Found(line: Array(line)) }
        } catch let found as Found {
            return found.line
        }
        return nil
    }
}
