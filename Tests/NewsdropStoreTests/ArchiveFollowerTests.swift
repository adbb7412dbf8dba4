import Foundation
import NewsdropStore
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Following the archive")
struct ArchiveFollowerTests {
    /// A writer that keeps its descriptor across renames, as the daemon does until it reloads.
    final class Writer {
        let fd: Int32
        init(_ path: String) { fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644) }
        deinit { close(fd) }
        func append(_ lines: String...) {
            let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
            #expect(write(fd, bytes, bytes.count) == bytes.count)
        }
    }

    func followed(_ follower: ArchiveFollower) throws -> [String] {
        var lines: [String] = []
        try follower.poll { lines.append(String(decoding: $0, as: UTF8.self)) }
        return lines
    }

    @Test("an archive renamed away right after the first records were shown is still read to its end")
    func renamedWhileStarting() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("archive.jsonl").path
        var writer = Writer(path)
        writer.append("a", "b")
        let follower = ArchiveFollower(archivePath: path)
        var shown: [String] = []
        try follower.start { fd in
            let end = try ArchiveReader.forEachLine(in: try #require(fd), path: path) { _, line in
                shown.append(String(decoding: line, as: UTF8.self))
            }
            // `mv` between showing the first records and following them.
            #expect(rename(path, folder.file("archive.1").path) == 0)
            return end
        }
        #expect(shown == ["a", "b"])
        writer.append("c")
        #expect(try followed(follower) == ["c"])
        // The reload: a new file at the archive path; the old one may still get a last write.
        let old = writer
        writer = Writer(path)
        old.append("d")
        writer.append("e")
        #expect(try followed(follower) == ["d", "e"])
        writer.append("f")
        #expect(try followed(follower) == ["f"])
    }

    @Test("following an archive that does not exist yet starts at its first line")
    func noArchiveYet() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("archive.jsonl").path
        let follower = ArchiveFollower(archivePath: path)
        var sawDescriptor = true
        try follower.start { fd in
            sawDescriptor = fd != nil
            return 0
        }
        #expect(!sawDescriptor)
        #expect(try followed(follower).isEmpty)
        Writer(path).append("a", "b")
        #expect(try followed(follower) == ["a", "b"])
    }

    @Test("a half-written line is delivered only once its newline is there")
    func partialLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("archive.jsonl").path
        let writer = Writer(path)
        let follower = ArchiveFollower(archivePath: path)
        try follower.start { _ in 0 }
        _ = "{\"a\":".withCString { write(writer.fd, $0, 5) }
        #expect(try followed(follower).isEmpty)
        writer.append("1}")
        #expect(try followed(follower) == ["{\"a\":1}"])
    }

    @Test("a torn last line cut off by a restarted daemon and written over is never delivered")
    func tornTailRepaired() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("archive.jsonl").path
        let writer = Writer(path)
        writer.append("a")
        let follower = ArchiveFollower(archivePath: path)
        try follower.start { _ in 0 }
        _ = "{\"torn".withCString { write(writer.fd, $0, 6) }
        #expect(try followed(follower) == ["a"])
        // The restart's repair cuts back to the last newline, and new records follow.
        #expect(ftruncate(writer.fd, 2) == 0)
        writer.append("b", "c")
        #expect(try followed(follower) == ["b", "c"])
        #expect(follower.position.offset == 6)
    }

    /// Built-in rotation as the daemon does it: the archive becomes the next segment, compressed
    /// or not, and a new archive starts.
    func rotate(_ path: String, compress: Bool = false) throws -> Writer {
        let segment = ArchiveSegments(archivePath: path).newSegmentPath(at: Date())
        #expect(rename(path, segment) == 0)
        if compress { try Gzip.compress(segment) }
        return Writer(path)
    }

    /// A follower that read everything so far, and the position it stands at.
    func positionAfterReading(_ path: String) throws -> (ArchivePosition, [String]) {
        let follower = ArchiveFollower(archivePath: path)
        #expect(try follower.resume(from: .origin))
        let lines = try followed(follower)
        return (follower.position, lines)
    }

    func resumed(_ path: String, at position: ArchivePosition) throws -> [String] {
        let follower = ArchiveFollower(archivePath: path)
        #expect(try follower.resume(from: position))
        return try followed(follower)
    }

    @Test(
        "a follower resumes right after the last line an earlier one read, in the archive or a segment it became",
        arguments: [false, true])
    func resumeAcrossRotation(compress: Bool) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("archive.jsonl").path
        var writer = Writer(path)
        writer.append("a", "b")
        writer = try rotate(path, compress: compress)
        writer.append("c", "d")
        let (position, lines) = try positionAfterReading(path)
        #expect(lines == ["a", "b", "c", "d"])
        #expect(position.offset == 4)
        writer.append("e")
        #expect(try resumed(path, at: position) == ["e"])
        // The file it stood in is rotated, perhaps compressed, and two more after it.
        writer.append("f")
        writer = try rotate(path, compress: compress)
        writer.append("g")
        writer = try rotate(path, compress: compress)
        writer.append("h")
        #expect(try resumed(path, at: position) == ["e", "f", "g", "h"])
    }

    @Test("a follower that started on an empty archive resumes with what came after it, through rotations")
    func resumeFromTheEndOfASegment() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("archive.jsonl").path
        var writer = Writer(path)
        writer.append("a")
        writer = try rotate(path, compress: true)
        let follower = ArchiveFollower(archivePath: path)
        try follower.start { _ in 0 }
        let position = follower.position
        #expect(position.file != nil && position.offset == nil)
        writer.append("b")
        writer = try rotate(path)
        writer.append("c")
        #expect(try resumed(path, at: position) == ["b", "c"])
        #expect(try resumed(path, at: .origin) == ["a", "b", "c"])
    }

    @Test("a position in a segment that retention deleted is reported, and a position inside a line is refused")
    func unusablePositions() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("archive.jsonl").path
        var writer = Writer(path)
        writer.append("first", "second")
        let (position, _) = try positionAfterReading(path)
        writer = try rotate(path)
        writer.append("third")
        let follower = ArchiveFollower(archivePath: path)
        for segment in ArchiveSegments(archivePath: path).rotated() { try FileManager.default.removeItem(atPath: segment) }
        #expect(try follower.resume(from: position) == false)
        let (live, _) = try positionAfterReading(path)
        #expect(throws: ArchiveSegments.NotALineEnd.self) {
            _ = try follower.resume(from: ArchivePosition(file: live.file, offset: 3))
        }
        #expect(throws: ArchiveSegments.NotALineEnd.self) {
            _ = try follower.resume(from: ArchivePosition(file: live.file, offset: 600))
        }
    }

    @Test("an archive renamed by hand into a segment name is still read until the reload")
    func externalRenameIntoSegmentName() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("archive.jsonl").path
        let old = Writer(path)
        old.append("a")
        let follower = ArchiveFollower(archivePath: path)
        try follower.start { _ in 0 }
        #expect(try followed(follower) == ["a"])
        #expect(rename(path, ArchiveSegments(archivePath: path).newSegmentPath(at: Date())) == 0)
        let new = Writer(path)
        #expect(try followed(follower).isEmpty)
        // The daemon writes to the renamed file until it is reloaded.
        old.append("b")
        new.append("c")
        #expect(try followed(follower) == ["b", "c"])
    }
}
