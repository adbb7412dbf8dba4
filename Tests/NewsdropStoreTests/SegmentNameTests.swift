import Foundation
import NewsdropStore
import NewsdropTestSupport
import Testing

@Suite("Segment names")
struct SegmentNameTests {
    @Test("a segment is named by its rotation time and a sequence, compressed or not")
    func parsing() throws {
        let name = try #require(SegmentName(fileName: "archive-20261201T030512Z-000042.jsonl.gz", stem: "archive"))
        #expect(name.base == "archive-20261201T030512Z-000042.jsonl")
        #expect(name.stamp == "20261201T030512Z")
        #expect(name.sequence == 42)
        let old = try #require(SegmentName(fileName: "archive-20261201T030512Z.jsonl", stem: "archive"))
        #expect(old.sequence == nil)
        for other in [
            "archive.jsonl", "archive-20261201T030512Z-42.jsonl", "archive-2026120T030512Z-000001.jsonl",
            "archive-20261201T030512Z-000001.json", "other-20261201T030512Z-000001.jsonl", "archive-20261201T030512Z-00000x.jsonl",
        ] {
            #expect(SegmentName(fileName: other, stem: "archive") == nil, "\(other)")
        }
    }

    @Test("order follows the sequence, not the clock; segments named before sequences come first")
    func order() throws {
        let names = [
            "archive-20261201T030512Z-1000000.jsonl", "archive-20261201T030500Z-000002.jsonl.gz",
            "archive-20261201T030512Z-000010.jsonl", "archive-20261201T040000Z.jsonl",
            "archive-20261201T030000Z.jsonl.gz",
        ].compactMap { SegmentName(fileName: $0, stem: "archive") }
        #expect(
            names.sorted().map(\.base) == [
                "archive-20261201T030000Z.jsonl", "archive-20261201T040000Z.jsonl", "archive-20261201T030500Z-000002.jsonl",
                "archive-20261201T030512Z-000010.jsonl", "archive-20261201T030512Z-1000000.jsonl",
            ])
    }

    @Test("rotations within one second get unique names with the true time, numbered on from the newest")
    func newPaths() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let segments = ArchiveSegments(archivePath: folder.file("archive.jsonl").path)
        let now = Date(timeIntervalSince1970: 1_796_094_312.25)
        // A segment under the old naming, from a second that has not come yet.
        FileManager.default.createFile(atPath: folder.file("archive-20261201T030515Z.jsonl").path, contents: Data("a\n".utf8))
        var made: [String] = []
        for _ in 0..<4 {
            let path = segments.newSegmentPath(at: now)
            FileManager.default.createFile(atPath: path, contents: Data("b\n".utf8))
            made.append(String(path.split(separator: "/").last!))
        }
        #expect(made == (1...4).map { "archive-20261201T030512Z-00000\($0).jsonl" })
        try Gzip.compress(folder.file(made[3]).path)
        #expect(segments.newSegmentPath(at: now).hasSuffix("archive-20261201T030512Z-000005.jsonl"))
        #expect(
            segments.rotated().map { String($0.split(separator: "/").last!) }
                == ["archive-20261201T030515Z.jsonl"] + made.dropLast() + [made[3] + ".gz"])
    }
}
