import Foundation
import NewsdropTestSupport
import Testing

@Suite("newsdrop parse and the command line")
struct CommandTests {
    @Test("parse prints one JSON record per file on stdout")
    func parsePrintsRecords() throws {
        let run = try CommandRun.newsdrop([
            "parse", TestPaths.corpusFile("seed/2025-09-04-security-guarantees.txt").path,
            TestPaths.corpusFile("bbc/sport/199.txt").path,
        ])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        try #require(lines.count == 2)
        #expect(try SchemaValidation.problems(inJSONLines: run.stdout) == [])
        #expect(lines[1].contains("Windows-1252"))
    }

    @Test("parse reports a bad file on stderr and exits 65, a missing one 66")
    func parseFailures() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Data([0, 1, 2]).write(to: folder.file("bad.bin"))
        let bad = try CommandRun.newsdrop(["parse", folder.file("bad.bin").path])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("bad.bin: binary"))
        #expect(bad.stdout.isEmpty)
        let missing = try CommandRun.newsdrop(["parse", folder.file("nope.txt").path])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("nope.txt"))
    }

    @Test("run refuses a bad setting with exit 78 and names the key")
    func badConfig() throws {
        let run = try CommandRun.newsdrop(["run"], environment: ["NEWSDROP_AFTER": "shred"])
        #expect(run.status == 78)
        #expect(run.stderr.contains("after:"))
    }

    @Test("help explains the commands")
    func help() throws {
        let run = try CommandRun.newsdrop(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("run") && run.stdout.contains("parse"))
        let runHelp = try CommandRun.newsdrop(["help", "run"])
        #expect(runHelp.stdout.contains("--spool"))
    }

    @Test("help and the README list the same exit statuses, every sysexits code newsdrop uses")
    func exitStatuses() throws {
        let help = try CommandRun.newsdrop(["--help"]).stdout
        func paragraph(_ text: String) -> String? {
            guard let start = text.range(of: "Exit status: 0 success;") else { return nil }
            let rest = text[start.lowerBound...]
            let end = rest.range(of: "\n\n")?.lowerBound ?? rest.endIndex
            return rest[..<end].split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let readme = try String(contentsOf: TestPaths.projectRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let listed = try #require(paragraph(help))
        #expect(paragraph(readme) == listed)
        for code in [65, 66, 69, 70, 71, 73, 74, 75, 78] { #expect(listed.contains("; \(code) "), "\(code) is missing") }
    }
}

@Suite("Shell completions")
struct CompletionTests {
    @Test("completion scripts cover every command", arguments: ["bash", "zsh", "fish"])
    func completions(shell: String) throws {
        let run = try CommandRun.newsdrop(["--generate-completion-script", shell])
        #expect(run.status == 0)
        for command in ["run", "parse", "verify", "tail", "stats", "reindex", "similar"] {
            #expect(run.stdout.contains(command), "\(shell) lacks \(command)")
        }
        #expect(run.stdout.contains("all-segments"))
    }
}
