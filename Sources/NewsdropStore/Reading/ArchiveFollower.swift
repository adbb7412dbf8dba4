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
    /// The newest rotated segment (without `.gz`) when the current file was opened: the current
    /// file becomes the first segment after it.
    private var lastSegment: String?
    static let drainWindow: TimeInterval = 10

    /// An open file and how far its complete lines have been delivered.
    final class OpenFile {
        let fd: Int32
        let inode: UInt64
        var position: UInt64
        var pending: [UInt8] = []

        init?(path: String) {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            var info = stat()
            fstat(fd, &info)
            self.fd = fd
            inode = UInt64(info.st_ino)
            position = 0
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

    private var segments: ArchiveSegments { ArchiveSegments(archivePath: archivePath) }

    /// The newest rotated segment's name without `.gz`, or "" when there is none.
    private func newestSegment() -> String {
        segments.rotated().last.map(Self.baseName) ?? ""
    }

    static func baseName(_ path: String) -> String {
        path.hasSuffix(".gz") ? String(path.dropLast(3)) : path
    }

    /// Opens the archive and starts following it where `initial` stops.
    ///
    /// `initial` reads what is shown before following (the latest records, or all of them) from
    /// the descriptor the follower keeps, or gets `nil` when there is no archive yet, and returns
    /// the offset just past what it showed. Reading both through one open file means that an
    /// archive renamed away meanwhile is still read to its end, not skipped for its successor.
    public func start(_ initial: (_ fd: Int32?) throws -> UInt64) throws {
        lastSegment = newestSegment()
        current = OpenFile(path: archivePath)
        if let file = current { file.position = try initial(file.fd) } else { _ = try initial(nil) }
    }

    /// Delivers the complete lines appended since the last poll, following rotations.
    public func poll(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let now = Date()
        for item in draining { try item.file.readLines(body) }
        draining.removeAll { $0.until < now }
        if let file = current {
            try file.readLines(body)
            var info = stat()
            // A missing path is a rotation in progress (or a deleted archive): wait for it.
            guard stat(archivePath, &info) == 0, UInt64(info.st_ino) != file.inode else { return }
            // The archive was renamed away: finish the old file first.
            try file.readLines(body)
            let predecessor = lastSegment ?? ""
            if let ours = segments.rotated().map(Self.baseName).first(where: { $0 > predecessor }) {
                // It became the first segment after the one that was newest when it was opened.
                lastSegment = ours
            } else {
                // Renamed outside the segment scheme: the daemon may write to it until its reload.
                draining.append((file, now.addingTimeInterval(Self.drainWindow)))
            }
            current = nil
        }
        try catchUp(body)
    }

    /// Reads whole every segment rotated after `lastSegment`, then opens the live archive, such
    /// that the segment it will become is known (the first after the newest seen). A rotation
    /// while opening makes it go round again.
    private func catchUp(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var lastRead = lastSegment ?? ""
        while true {
            for segment in segments.rotated() where Self.baseName(segment) > lastRead {
                try ArchiveSegments.forEachLine(in: segment, body)
                lastRead = Self.baseName(segment)
            }
            let file = OpenFile(path: archivePath)
            guard newestSegment() == lastRead else { continue }
            lastSegment = lastRead
            current = file
            break
        }
        try current?.readLines(body)
    }
}
