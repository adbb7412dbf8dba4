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
}
