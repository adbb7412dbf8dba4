import Foundation
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Puts the archive on a small tmpfs (needs root, as CI is) and fills it.
@Suite("A full disk holds files back and loses nothing", .serialized)
struct DiskFullTests {
    func mount(_ options: String, at path: String) throws {
        let run = try Command.run("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", path])
        guard run.status == 0 else { throw HarnessError("mount \(options) failed (root is needed): \(run.stderr)") }
    }

    func remount(_ options: String, at path: String) throws {
        let run = try Command.run("/bin/mount", ["-o", "remount,\(options)", path])
        guard run.status == 0 else { throw HarnessError("remount failed: \(run.stderr)") }
    }

    @Test("ENOSPC: intake stops, STATUS and journald say degraded, and it resumes by itself when space returns")
    func diskFull() async throws {
        #expect(getuid() == 0, "the disk-full test mounts a tmpfs and needs root (CI runs as root)")
        let daemon = try DaemonHarness(environment: [
            "NEWSDROP_LOG_TARGET": "journal", "NEWSDROP_LOG_LEVEL": "info", "NEWSDROP_MAX_BATCH": "8",
        ])
        let small = daemon.root.file("small")
        try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
        try mount("size=64k,mode=0755", at: small.path)
        defer { _ = try? Command.run("/bin/umount", ["-l", small.path]) }
        let socket = try NotifySocket(in: daemon.root)
        daemon.environment["NOTIFY_SOCKET"] = socket.path
        let archive = small.appendingPathComponent("archive.jsonl").path
        let started = Int(Date().timeIntervalSince1970) - 1
        try await daemon.start(arguments: ["--archive", archive], ready: { _ in socket.drain().contains { $0.contains("READY=1") } })
        let pid = try #require(daemon.pid)

        var generator = try ArticleGenerator(seed: 7)
        let articles = (0..<60).map { generator.article($0) }
        for (index, text) in articles.enumerated() { try daemon.drop("story-\(index).txt", text) }
        try await daemon.waitUntil("STATUS reports the degraded state") { socket.drain().contains { $0.hasPrefix("STATUS=DEGRADED") } }
        #expect(!daemon.spoolIsEmpty, "files must wait in the spool while the disk is full")
        let written = try Data(contentsOf: URL(fileURLWithPath: archive))
        #expect(written.isEmpty || written.last == UInt8(ascii: "\n"), "a half-written line was left")
        try await daemon.waitUntil("journald holds the degraded entry") {
            let run = try Command.run(
                "/usr/bin/journalctl",
                [
                    "-o", "json", "--no-pager", "--since=@\(started)", "_PID=\(pid)",
                    "MESSAGE_ID=a02acc05e9334648abc9a2302413619a",
                ])
            return run.stdout.contains("\"PRIORITY\":\"3\"")
        }

        try remount("size=8m", at: small.path)
        try await daemon.waitUntil("every file is ingested after space returns", timeout: 60) { daemon.spoolIsEmpty }
        try await daemon.waitUntil("STATUS is no longer degraded") {
            socket.drain().last { $0.hasPrefix("STATUS=") }.map { !$0.contains("DEGRADED") } ?? false
        }
        #expect(try await daemon.stop() == 0)
        let lines = try String(contentsOfFile: archive, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == articles.count)
        #expect(daemon.names(in: daemon.done).count == articles.count)
        let verify = try CommandRun.newsdrop(["verify", "--archive", archive, "--state", daemon.state.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}
