import Foundation
import NewsdropStore
import NewsdropTestSupport
import Testing

@Suite("The archive file")
struct ArchiveFileTests {
    @Test("appends whole lines in one batch and reports where each starts")
    func appendBatch() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let archive = try ArchiveFile(path: folder.file("sub/archive.jsonl").path)
        let first = try await archive.appendLinesDurably([Array("{\"a\":1}".utf8), Array("{\"b\":22}".utf8)])
        let second = try await archive.appendLinesDurably([Array("{\"c\":3}".utf8)])
        #expect(first == [0, 8])
        #expect(second == [17])
        #expect(await archive.durableLength() == 25)
        #expect(try String(contentsOf: folder.file("sub/archive.jsonl"), encoding: .utf8) == "{\"a\":1}\n{\"b\":22}\n{\"c\":3}\n")
    }

    @Test("appends made at the same time are written one after another, each at the offset it reports")
    func concurrentAppends() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("archive.jsonl")
        let archive = try ArchiveFile(path: path.path)
        let placed = try await withThrowingTaskGroup(of: (Int, [UInt64]).self) { group in
            for batch in 0..<24 {
                group.addTask {
                    let lines = [Array("{\"batch\":\(batch),\"line\":0}".utf8), Array("{\"batch\":\(batch),\"line\":1}".utf8)]
                    return (batch, try await archive.appendLinesDurably(lines))
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        let bytes = try [UInt8](Data(contentsOf: path))
        #expect(await archive.durableLength() == UInt64(bytes.count))
        #expect(bytes.count(where: { $0 == UInt8(ascii: "\n") }) == 48)
        for (batch, offsets) in placed {
            for (line, offset) in offsets.enumerated() {
                let rest = bytes[Int(offset)...]
                let text = String(decoding: rest.prefix(while: { $0 != UInt8(ascii: "\n") }), as: UTF8.self)
                #expect(text == "{\"batch\":\(batch),\"line\":\(line)}")
            }
        }
    }

    @Test("a rotation asked for during appends waits for the append in flight; no line is torn or lost")
    func rotationDuringAppends() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("archive.jsonl")
        let segment = folder.file("archive-1.jsonl")
        let archive = try ArchiveFile(path: path.path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in 0..<16 {
                group.addTask { _ = try await archive.appendLinesDurably([Array("{\"batch\":\(batch)}".utf8)]) }
            }
            group.addTask { try await archive.rotate(to: segment.path) }
            try await group.waitForAll()
        }
        let lines = try [path, segment].flatMap { try String(contentsOf: $0, encoding: .utf8).split(separator: "\n") }
        #expect(Set(lines) == Set((0..<16).map { "{\"batch\":\($0)}"[...] }))
        #expect(lines.count == 16)
        #expect(await archive.durableLength() == UInt64(try Data(contentsOf: path).count))
    }

    @Test("a torn last line is cut off at open and kept aside, never read as a record")
    func tornTail() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("archive.jsonl")
        try Data("{\"a\":1}\n{\"b\":2}\n{\"c\":".utf8).write(to: path)
        let archive = try ArchiveFile(path: path.path, now: Date(timeIntervalSince1970: 1_790_000_000))
        let repair = try #require(await archive.lastRepair)
        #expect(repair.tornBytes == 5)
        #expect(repair.archiveLength == 16)
        #expect(repair.keptAt == path.path + ".torn-20260921T141320Z")
        #expect(try String(contentsOfFile: repair.keptAt, encoding: .utf8) == "{\"c\":")
        #expect(try String(contentsOf: path, encoding: .utf8) == "{\"a\":1}\n{\"b\":2}\n")
        _ = try await archive.appendLinesDurably([Array("{\"d\":4}".utf8)])
        #expect(try String(contentsOf: path, encoding: .utf8) == "{\"a\":1}\n{\"b\":2}\n{\"d\":4}\n")
    }

    @Test("an archive holding only a torn line is emptied")
    func onlyTorn() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("archive.jsonl")
        try Data("{\"half".utf8).write(to: path)
        let archive = try ArchiveFile(path: path.path)
        #expect(await archive.lastRepair?.tornBytes == 6)
        #expect(await archive.durableLength() == 0)
    }

    @Test("the reader delivers complete lines across chunk boundaries and skips an unfinished one")
    func reader() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("archive.jsonl")
        let long = String(repeating: "x", count: 3 * (1 << 20) / 2)
        try Data("short\n\(long)\nlast\nunfinished".utf8).write(to: path)
        var seen: [(UInt64, Int)] = []
        let end = try ArchiveReader(path: path.path).forEachLine { offset, line in seen.append((offset, line.count)) }
        #expect(seen.map(\.0) == [0, 6, UInt64(7 + long.count)])
        #expect(seen.map(\.1) == [5, long.count, 4])
        #expect(end == UInt64(12 + long.count))
    }
}
