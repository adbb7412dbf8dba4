import Glibc
import NewsdropIO

/// Reads complete lines of an archive file in order, from any offset.
///
/// A last line without its newline (a write in progress, or a torn tail not yet repaired) is never
/// delivered.
public struct ArchiveReader {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Calls `body` with each complete line (without its newline) and the offset it starts at.
    /// Returns the offset just past the last complete line. A missing file reads as empty.
    @discardableResult
    public func forEachLine(
        from start: UInt64 = 0,
        _ body: (_ offset: UInt64, _ line: UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws -> UInt64 {
        try Self.withOpenFile(path) { fd in
            guard let fd else { return start }
            return try Self.forEachLine(in: fd, path: path, from: start, body)
        }
    }

    /// Opens `path` for reading and calls `body` with its descriptor, or with `nil` when the file
    /// does not exist.
    public static func withOpenFile<Result>(_ path: String, _ body: (Int32?) throws -> Result) throws -> Result {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return try body(nil) }
            throw SystemError.current("open", path: path)
        }
        defer { close(fd) }
        return try body(fd)
    }

    /// The same, over a descriptor the caller opened (and closes); `path` names it in errors.
    @discardableResult
    public static func forEachLine(
        in fd: Int32, path: String, from start: UInt64 = 0,
        _ body: (_ offset: UInt64, _ line: UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws -> UInt64 {
        let chunkSize = 1 << 20
        var pending: [UInt8] = []
        var pendingOffset = start
        var position = start
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let got = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, chunkSize, off_t(position)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw SystemError.current("read", path: path)
            }
            if got == 0 { break }
            position += UInt64(got)
            try chunk.withUnsafeBufferPointer { buffer in
                var lineStart = 0
                for index in 0..<got where buffer[index] == UInt8(ascii: "\n") {
                    let lineLength: Int
                    if pending.isEmpty {
                        lineLength = index - lineStart
                        try body(pendingOffset, UnsafeBufferPointer(rebasing: buffer[lineStart..<index]))
                    } else {
                        pending.append(contentsOf: buffer[lineStart..<index])
                        lineLength = pending.count
                        try pending.withUnsafeBufferPointer { try body(pendingOffset, $0) }
                        pending.removeAll(keepingCapacity: true)
                    }
                    pendingOffset += UInt64(lineLength) + 1
                    lineStart = index + 1
                }
                pending.append(contentsOf: buffer[lineStart..<got])
            }
        }
        return pendingOffset
    }
}
