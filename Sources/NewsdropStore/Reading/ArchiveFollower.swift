public import Foundation
import NewsdropIO
#if canImport(Glibc)
import Glibc
#endif

/// Reads an archive's complete lines as they are appended, across rotations.
///
/// A half-written last line is never delivered: the follower waits for its newline. When the
/// archive path is renamed away (built-in rotation, or `mv` plus reload), the old file is read to
/// its end, any segments rotated meanwhile are read in order, and the new archive is followed from
/// its start. After an external rename the old file is still watched for a while, since the daemon
/// writes to it until it is reloaded. No line is lost or repeated.
public final class ArchiveFollower {
    public let archivePath: String
    private var current: OpenFile?
    /// Files renamed away but perhaps still written to, with when to stop watching them.
    private var draining: [(file: OpenFile, until: Date)] = []
    /// The newest rotated segment already accounted for.
    private var lastSegment: String?
    static let drainWindow: TimeInterval = 10

    /// An open file and how far its complete lines have been delivered.
    final class OpenFile {
        let fd: Int32
        let inode: UInt64
        var position: UInt64
        var pending: [UInt8] = []

        init?(path: String, position: UInt64 = 0) {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            var info = stat()
            fstat(fd, &info)
            self.fd = fd
            inode = UInt64(info.st_ino)
            self.position = position
        }

        deinit { close(fd) }

        var size: UInt64 {
            var info = stat()
            fstat(fd, &info)
            return UInt64(info.st_size)
        }

        /// Delivers every complete line appended since the last call.
        func readLines(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let got = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(position)) }
                if got < 0 {
                    if errno == EINTR { continue }
                    throw SystemError.current("read", path: "archive")
                }
                if got == 0 { return }
                position += UInt64(got)
                var start = 0
                for index in 0..<got where chunk[index] == UInt8(ascii: "\n") {
                    if pending.isEmpty {
                        try chunk.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<index])) }
                    } else {
                        pending.append(contentsOf: chunk[start..<index])
                        try pending.withUnsafeBufferPointer(body)
                        pending.removeAll(keepingCapacity: true)
                    }
                    start = index + 1
                }
                pending.append(contentsOf: chunk[start..<got])
            }
        }
    }

    public init(archivePath: String) {
        self.archivePath = archivePath
    }

    /// Starts following the archive at byte `position` (the end of the lines already shown).
    public func start(at position: UInt64) {
        current = OpenFile(path: archivePath, position: position)
        lastSegment = ArchiveSegments(archivePath: archivePath).rotated().last
    }

    /// Delivers the complete lines appended since the last poll, following rotations.
    public func poll(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let now = Date()
        for item in draining { try item.file.readLines(body) }
        draining.removeAll { $0.until < now }
        guard let file = current else {
            current = OpenFile(path: archivePath)
            if current != nil { try poll(body) }
            return
        }
        try file.readLines(body)
        var info = stat()
        guard stat(archivePath, &info) == 0, UInt64(info.st_ino) != file.inode else { return }
        // Rotated: finish the old file, read segments rotated meanwhile, then the new archive.
        try file.readLines(body)
        let segments = ArchiveSegments(archivePath: archivePath).rotated().filter { lastSegment == nil || $0 > lastSegment! }
        var unread = segments
        if let ours = segments.firstIndex(where: { Self.inode(of: $0) == file.inode }) {
            unread = Array(segments[(ours + 1)...])
        } else if !segments.isEmpty {
            // The first new segment is the file just drained (already compressed, so its inode changed).
            unread = Array(segments.dropFirst())
        } else {
            // Renamed outside the segment scheme: the daemon may write to it until its reload.
            draining.append((file, now.addingTimeInterval(Self.drainWindow)))
        }
        for segment in unread { try ArchiveSegments.forEachLine(in: segment, body) }
        lastSegment = segments.last ?? lastSegment
        current = OpenFile(path: archivePath)
        try current?.readLines(body)
    }

    static func inode(of path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }
}
