import Foundation
import NewsdropTestSupport
import Testing

@Suite("newsdrop verify", .serialized)
struct VerifyTests {
    /// An archive and state made by the daemon from a few corpus articles.
    func ingested(_ count: Int = 5) async throws -> DaemonHarness {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_LOG_LEVEL": "info"])
        try await daemon.start()
        for index in 0..<count {
            try daemon.drop(
                "a\(index).txt", try Data(contentsOf: TestPaths.corpusFile("bbc/tech/\(String(format: "%03d", index + 1)).txt")))
        }
        try await daemon.waitUntil("all are done") { daemon.names(in: daemon.done).count == count }
        #expect(try await daemon.stop() == 0)
        return daemon
    }

    func rewrite(_ daemon: DaemonHarness, _ change: (inout [String]) -> Void) throws {
        var lines = try String(contentsOf: daemon.archive, encoding: .utf8).split(separator: "\n").map(String.init)
        change(&lines)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: daemon.archive)
    }

    @Test("a sound archive verifies with exit 0")
    func sound() async throws {
        let daemon = try await ingested()
        let run = try daemon.verify()
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stderr.contains("5 records checked, 0 problems"))
    }

    @Test("tampering, repeated ids, broken JSON and a torn tail are reported with line numbers and exit 65")
    func problems() async throws {
        let daemon = try await ingested()
        try rewrite(daemon) { lines in
            lines[1] = lines[1].replacingOccurrences(of: "\"word_count\":", with: "\"word_count\":1000000,\"x\":")
            lines[2] = lines[2].replacingOccurrences(of: " the ", with: " a ")
            lines.append(lines[0])
            lines.append("{not json")
        }
        let handle = try FileHandle(forWritingTo: daemon.archive)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"schema_version":1"#.utf8))
        try handle.close()
        let run = try daemon.verify()
        #expect(run.status == 65)
        let path = daemon.archive.path
        #expect(run.stdout.contains("\(path):2: unknown key x"))
        #expect(run.stdout.contains("\(path):3: id ") && run.stdout.contains("does not match the record's canonical text"))
        #expect(run.stdout.contains("\(path):6: id ") && run.stdout.contains("repeats the record at \(path):1"))
        #expect(run.stdout.contains("\(path):7: not valid JSON"))
        #expect(run.stdout.contains("\(path):8: the last 19 bytes are an unfinished line"))
    }

    @Test("a dedup state that knows an article missing from the archive is a problem")
    func stateAhead() async throws {
        let daemon = try await ingested()
        try rewrite(daemon) { lines in lines.removeLast() }
        let run = try daemon.verify()
        #expect(run.status == 65)
        #expect(run.stdout.contains("which is in no archive record"))
    }

    @Test("a missing archive exits 66")
    func missing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let run = try CommandRun.newsdrop(["verify", "--archive", folder.file("none.jsonl").path])
        #expect(run.status == 66)
    }
}
