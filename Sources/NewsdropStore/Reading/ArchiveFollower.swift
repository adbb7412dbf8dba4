public import Foundation
import NewsdropCore
import NewsdropIO

#if canImport(Glibc)
    import Glibc
#endif

/// Reads an archive's complete lines as they are appended, across rotations, and knows where it
/// stands (``position``) so that a later follower can resume there.
///
/// A half-written last line is never delivered: the follower waits for its newline. When the
/// archive path is renamed away (built-in rotation, or `mv` plus reload), the old file is read to
/// its end, any segments rotated meanwhile are read in order, and the new archive is followed from
/// its start. The old file is still watched for a while, since after an external rename the
/// daemon writes to it until it is reloaded. No line is lost or repeated.
public final class ArchiveFollower {
    public let archivePath: String
    private var current: OpenFile?
    /// Files renamed away but perhaps still written to, with when to stop watching them.
    private var draining: [(file: OpenFile, until: Date)] = []
    /// The newest rotated segment when the current file was opened (`nil`: none): the current
    /// file becomes the first segment after it.
    private var lastSegment: SegmentName?
    /// A segment to start reading part-way, when resuming inside it.
    private var resumeInside: (segment: SegmentName, offset: UInt64)?
    /// The file, end offset and record id of the last line delivered.
    private var last: (file: String?, offset: UInt64?, record: ArticleID?) = (nil, 0, nil)
    static let drainWindow: TimeInterval = 10
    /// Called with a segment's path when retention deleted it before it could be read: the
    /// follower fell further behind than `rotate.keep` segments.
    public var onMissedSegment: ((String) -> Void)?

    /// An open file, how far its complete lines have been delivered, and its identity.
    final class OpenFile {
        let fd: Int32
        let inode: UInt64
        var position: UInt64 = 0
        var pending: [UInt8] = []
        /// ``ArchivePosition/identity(ofFirstLine:)`` once the file has a first line.
        private(set) var identity: String?

        init?(path: String) {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            var info = stat()
            fstat(fd, &info)
            self.fd = fd
            inode = UInt64(info.st_ino)
        }

        deinit { close(fd) }

        var size: UInt64 {
            var info = stat()
            fstat(fd, &info)
            return UInt64(info.st_size)
        }

        /// The identity, read from the file's first line when it was not seen yet.
        func identify() throws -> String? {
            if identity == nil, let line = try firstLine() {
                identity = line.withUnsafeBufferPointer(ArchivePosition.identity(ofFirstLine:))
            }
            return identity
        }

        private func firstLine() throws -> [UInt8]? {
            var line: [UInt8] = []
            while true {
                let chunk = try FileIO.preadAll(fd, count: 1 << 16, at: UInt64(line.count), path: "archive")
                if let newline = chunk.firstIndex(of: UInt8(ascii: "\n")) { return line + chunk[..<newline] }
                if chunk.isEmpty { return nil }
                line += chunk
            }
        }

        /// True when `offset` is 0 or just past a newline, and not past the end.
        func isLineEnd(_ offset: UInt64) throws -> Bool {
            guard offset > 0 else { return true }
            return try FileIO.preadAll(fd, count: 1, at: offset - 1, path: "archive") == [UInt8(ascii: "\n")]
        }

        /// Delivers every complete line appended since the last call, with the offset past it.
        ///
        /// A partial last line is read again from its start each time: a daemon restarted after
        /// a crash cuts a torn last line off and writes over it (``ArchiveRecovery``).
        func readLines(_ body: (UnsafeBufferPointer<UInt8>, UInt64) throws -> Void) throws {
            position -= UInt64(pending.count)
            pending.removeAll(keepingCapacity: true)
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let chunkStart = position
                let got = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(chunkStart)) }
                if got < 0 {
                    if errno == EINTR { continue }
                    throw SystemError.current("read", path: "archive")
                }
                if got == 0 { return }
                var start = 0
                for index in 0..<got where chunk[index] == UInt8(ascii: "\n") {
                    let end = chunkStart + UInt64(index) + 1
                    if pending.isEmpty {
                        try chunk.withUnsafeBufferPointer { try deliver(UnsafeBufferPointer(rebasing: $0[start..<index]), end, body) }
                    } else {
                        pending.append(contentsOf: chunk[start..<index])
                        try pending.withUnsafeBufferPointer { try deliver($0, end, body) }
                        pending.removeAll(keepingCapacity: true)
                    }
                    position = end
                    start = index + 1
                }
                pending.append(contentsOf: chunk[start..<got])
                position = chunkStart + UInt64(got)
            }
        }

        private func deliver(
            _ line: UnsafeBufferPointer<UInt8>, _ end: UInt64,
            _ body: (UnsafeBufferPointer<UInt8>, UInt64) throws -> Void
        ) throws {
            if identity == nil, end == UInt64(line.count) + 1 { identity = ArchivePosition.identity(ofFirstLine: line) }
            try body(line, end)
        }
    }

    public init(archivePath: String) {
        self.archivePath = archivePath
    }

    /// Where the follower stands: just past the last line it delivered.
    public var position: ArchivePosition {
        ArchivePosition(file: last.file, offset: last.offset, record: last.record?.description)
    }

    private var segments: ArchiveSegments { ArchiveSegments(archivePath: archivePath) }

    private func rotated() -> [(name: SegmentName, path: String)] {
        segments.rotated().compactMap { path in segments.name(of: path).map { ($0, path) } }
    }

    /// Opens the archive and starts following it where `initial` stops.
    ///
    /// `initial` reads what is shown before following (the latest records, or all of them) from
    /// the descriptor the follower keeps, or gets `nil` when there is no archive yet, and returns
    /// the offset just past what it showed. Reading both through one open file means that an
    /// archive renamed away meanwhile is still read to its end, not skipped for its successor.
    public func start(_ initial: (_ fd: Int32?) throws -> UInt64) throws {
        let newest = rotated().last
        lastSegment = newest?.name
        current = OpenFile(path: archivePath)
        guard let file = current else {
            _ = try initial(nil)
            last = try newest.map { (try Self.identity(ofSegment: $0.path), nil, nil) } ?? (nil, 0, nil)
            return
        }
        file.position = try initial(file.fd)
        if let identity = try file.identify() {
            last = (identity, file.position, nil)
        } else {
            last = try newest.map { (try Self.identity(ofSegment: $0.path), nil, nil) } ?? (nil, 0, nil)
        }
    }

    /// Starts following at `position`, as an earlier follower left it: the next line delivered is
    /// the one after it. Returns false, and delivers nothing, when the file it names no longer
    /// exists (retention deleted it). Throws ``ArchiveSegments/NotALineEnd`` when the offset is
    /// not the end of a line of that file.
    public func resume(from position: ArchivePosition) throws -> Bool {
        draining = []
        current = nil
        resumeInside = nil
        last = (position.file, position.offset, position.record.flatMap(ArticleID.init(hex:)))
        guard let identity = position.file else {
            lastSegment = nil
            return true
        }
        let newest = rotated().last?.name
        if let file = OpenFile(path: archivePath), try file.identify() == identity {
            guard let offset = position.offset, try file.isLineEnd(offset), offset <= file.size else {
                throw ArchiveSegments.NotALineEnd(path: archivePath, offset: position.offset ?? 0)
            }
            file.position = offset
            lastSegment = newest
            current = file
            return true
        }
        let list = rotated()
        for index in list.indices.reversed() where try Self.identity(ofSegment: list[index].path) == identity {
            lastSegment = index > 0 ? list[index - 1].name : nil
            resumeInside = position.offset.map { (list[index].name, $0) }
            if position.offset == nil { lastSegment = list[index].name }
            return true
        }
        return false
    }

    /// The identity of a rotated segment, compressed or not; `nil` for one deleted meanwhile.
    static func identity(ofSegment path: String) throws -> String? {
        do {
            return try ArchiveSegments.firstLine(of: path).map { $0.withUnsafeBufferPointer(ArchivePosition.identity(ofFirstLine:)) }
        } catch is SystemError where isGone(path) {
            return nil
        }
    }

    /// True when neither form of a segment exists any more.
    static func isGone(_ path: String) -> Bool {
        let base = path.hasSuffix(".gz") ? String(path.dropLast(3)) : path
        return !FileManager.default.fileExists(atPath: base) && !FileManager.default.fileExists(atPath: base + ".gz")
    }

    /// Delivers the complete lines appended since the last poll, following rotations.
    public func poll(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let now = Date()
        for item in draining { try read(item.file, body) }
        draining.removeAll { $0.until < now }
        if let file = current {
            try read(file, body)
            var info = stat()
            // A missing path is a rotation in progress (or a deleted archive): wait for it.
            guard stat(archivePath, &info) == 0, UInt64(info.st_ino) != file.inode else { return }
            // The archive was renamed away: finish the old file first.
            try read(file, body)
            if let ours = rotated().first(where: { lastSegment == nil || $0.name > lastSegment! }) {
                // It became the first segment after the one that was newest when it was opened.
                lastSegment = ours.name
            }
            // Renamed outside the daemon (`mv`), it may be written to until the reload.
            draining.append((file, now.addingTimeInterval(Self.drainWindow)))
            current = nil
        }
        try catchUp(body)
    }

    private func read(_ file: OpenFile, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try file.readLines { line, end in
            try body(line)
            last = (file.identity, end, RecordLine.id(in: line))
        }
    }

    /// Reads whole every segment rotated after `lastSegment`, then opens the live archive, such
    /// that the segment it will become is known (the first after the newest seen). A rotation
    /// while opening makes it go round again.
    private func catchUp(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var lastRead = lastSegment
        while true {
            for segment in rotated() where lastRead == nil || segment.name > lastRead! {
                var start: UInt64 = 0
                var identity: String?
                if let inside = resumeInside, inside.segment == segment.name {
                    start = inside.offset
                    identity = last.file
                }
                do {
                    try ArchiveSegments.forEachLine(in: segment.path, from: start) { end, line in
                        if identity == nil { identity = ArchivePosition.identity(ofFirstLine: line) }
                        try body(line)
                        last = (identity, end, RecordLine.id(in: line))
                    }
                } catch is SystemError where Self.isGone(segment.path) {
                    onMissedSegment?(segment.path)
                }
                resumeInside = nil
                lastRead = segment.name
                lastSegment = lastRead
            }
            let file = OpenFile(path: archivePath)
            guard rotated().last?.name == lastRead else { continue }
            current = file
            break
        }
        if let current { try read(current, body) }
    }
}
