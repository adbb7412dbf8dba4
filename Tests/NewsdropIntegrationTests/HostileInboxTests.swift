import Foundation
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The inbox is writable by a group of users and scrapers: whatever is in it is untrusted.
@Suite("A hostile inbox", .serialized)
struct HostileInboxTests {
    @Test("links, special files, a sparse giant and odd names end in the archive or failed/, and the daemon stays up")
    func hostileEntries() async throws {
        let daemon = try DaemonHarness()
        let inbox = daemon.inbox
        // A file the dropper may not read: its content must never reach the archive.
        let secret = daemon.root.file("secret.txt")
        try Data("Secret headline\n\nTOP-SECRET-CONTENT must not be archived.\n".utf8).write(to: secret)
        chmod(secret.path, 0o600)
        var expectations = try Self.makeSpecialEntries(in: inbox, linkingTo: secret)
        let sparse = open(inbox.appendingPathComponent("sparse.txt").path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        #expect(ftruncate(sparse, 20 << 30) == 0)
        close(sparse)
        // A stray NUL does not make text binary; NULs throughout, or a PDF's signature, do.
        try Data("NUL inside\n\nText with a \0 byte in it.\n".utf8).write(to: inbox.appendingPathComponent("nul.txt"))
        try (Data(count: 4096) + Data("Zeros\n\nText after a block of NUL bytes.\n".utf8)).write(
            to: inbox.appendingPathComponent("zeros.txt"))
        try Data("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".utf8).write(to: inbox.appendingPathComponent("paper.txt"))
        let longLine = String(repeating: "longword ", count: 5 * 1024 * 1024 / 9)
        try Data(longLine.utf8).write(to: inbox.appendingPathComponent("long-line.txt"))
        let newlineName = "new\nline.txt"
        try Data("Newline name\n\nA file whose name has a newline.\n".utf8).write(to: inbox.appendingPathComponent(newlineName))
        let invalidName: [UInt8] = Array("bad-".utf8) + [0xFF, 0xFE] + Array(".txt".utf8)
        let invalidPath = Array(inbox.path.utf8) + [UInt8(ascii: "/")] + invalidName + [0]
        let invalidFD = invalidPath.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644) }
        }
        let invalidText = "Invalid name\n\nA file whose name is not UTF-8.\n"
        _ = invalidText.withCString { write(invalidFD, $0, strlen($0)) }
        close(invalidFD)
        let started = Date()
        try await daemon.start()
        try await daemon.waitUntil("every entry has left the inbox", timeout: 60) {
            daemon.spoolIsEmpty
        }
        #expect(Date().timeIntervalSince(started) < 30, "the sparse file must be rejected unread, quickly")
        #expect(daemon.isRunning)
        expectations += [("sparse.txt", "too_large"), ("zeros.txt", "binary"), ("paper.txt", "binary")]
        for (name, reason) in expectations {
            #expect(daemon.failureReason(name) == reason, "\(name)")
        }
        let records = try daemon.records()
        let archive = try String(contentsOf: daemon.archive, encoding: .utf8)
        #expect(!archive.contains("TOP-SECRET-CONTENT"))
        let names = records.compactMap { ($0["source_file"] as? [String: Any])?["name"] as? String }
        #expect(names.contains(newlineName))
        #expect(names.contains("bad-\u{FFFD}\u{FFFD}.txt"))
        let invalidRecord = try #require(records.first { ($0["title"] as? String) == "Invalid name" })
        let warnings = (invalidRecord["parse"] as? [String: Any])?["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("626164") && $0.contains("fffe") })
        #expect(names.contains("long-line.txt"))
        let nulRecord = try #require(records.first { ($0["title"] as? String) == "NUL inside" })
        #expect(((nulRecord["parse"] as? [String: Any])?["warnings"] as? [String] ?? []).contains("1 NUL bytes were dropped"))
        #expect(daemon.names(in: daemon.done).contains(newlineName))
        // The secret is untouched where it was.
        #expect(FileManager.default.fileExists(atPath: secret.path))
        #expect(try await daemon.stop() == 0)
        #expect(try daemon.verify().status == 0)
    }

    /// Makes, in place in `inbox`, a symbolic link and a hard link to `secret`, a FIFO, a device
    /// node, a listening socket and a folder; returns each name with the reason it must be
    /// rejected for.
    static func makeSpecialEntries(in inbox: URL, linkingTo secret: URL) throws -> [(String, String)] {
        try FileManager.default.createSymbolicLink(at: inbox.appendingPathComponent("symlink.txt"), withDestinationURL: secret)
        #expect(link(secret.path, inbox.appendingPathComponent("hardlink.txt").path) == 0)
        #expect(mkfifo(inbox.appendingPathComponent("fifo.txt").path, 0o644) == 0)
        #expect(mknod(inbox.appendingPathComponent("device.txt").path, S_IFCHR | 0o644, dev_t((1 << 8) | 3)) == 0, "needs root")
        let socketFD = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let socketPath = inbox.appendingPathComponent("socket.txt").path
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: socketPath.utf8.prefix($0.count - 1)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        try FileManager.default.createDirectory(at: inbox.appendingPathComponent("directory"), withIntermediateDirectories: false)
        return [
            ("symlink.txt", "symlink"), ("hardlink.txt", "hard_link"), ("fifo.txt", "not_regular_file"),
            ("device.txt", "not_regular_file"), ("socket.txt", "not_regular_file"), ("directory", "not_regular_file"),
        ]
    }

    @Test("links, FIFOs, sockets, device nodes and folders created in place while running are in failed/ within a second, without a rescan")
    func specialEntriesAtOnce() async throws {
        let daemon = try DaemonHarness()
        let secret = daemon.root.file("secret.txt")
        try Data("Secret headline\n\nTOP-SECRET-CONTENT must not be archived.\n".utf8).write(to: secret)
        try await daemon.start()
        // Timed against the daemon's own writes of the reasons, not the test's wake-up.
        let created = Date()
        let expectations = try Self.makeSpecialEntries(in: daemon.inbox, linkingTo: secret)
        try await daemon.waitUntil("every special entry is in failed/", timeout: 5) {
            expectations.allSatisfy { daemon.failureReason($0.0) != nil }
        }
        for (name, _) in expectations {
            let written = try #require(
                try FileManager.default.attributesOfItem(atPath: daemon.failed.appendingPathComponent(name + ".error.json").path)[
                    .modificationDate] as? Date)
            let took = written.timeIntervalSince(created)
            #expect(took < 1, "\(name): took \(took) s; the rescan interval is an hour, so only IN_CREATE can have found it")
        }
        for (name, reason) in expectations { #expect(daemon.failureReason(name) == reason, "\(name)") }
        #expect(daemon.names(in: daemon.inbox).isEmpty)
        #expect(FileManager.default.fileExists(atPath: secret.path))
        #expect(try await daemon.stop() == 0)
    }

    @Test("10,000 files at once are all ingested; files deleted or truncated on the way are handled")
    func tenThousandFiles() async throws {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_LOG_LEVEL": "info"])
        try await daemon.start()
        var generator = try ArticleGenerator(seed: 10_000)
        let count = 10_000
        // Written to a staging folder first, then renamed in as fast as possible.
        let staging = daemon.root.file("staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        for index in 0..<count {
            try Data(generator.article(index).utf8).write(to: staging.appendingPathComponent("f\(index).txt"))
        }
        for index in 0..<count {
            rename(staging.appendingPathComponent("f\(index).txt").path, daemon.inbox.appendingPathComponent("f\(index).txt").path)
            if index % 1000 == 999 {
                // Deleted between its event and its opening.
                try daemon.drop("vanishing-\(index).txt", "Gone soon\n\nThis file is deleted at once.\n")
                unlink(daemon.inbox.appendingPathComponent("vanishing-\(index).txt").path)
            }
        }
        try await daemon.waitUntil("all 10,000 are done", timeout: 300) { daemon.names(in: daemon.done).count >= count }
        #expect(daemon.isRunning)
        #expect(try daemon.records().count == count)
        #expect(try await daemon.stop() == 0)
        #expect(try daemon.verify().status == 0)
    }

    @Test("a file truncated while it is read is not archived half")
    func truncatedWhileRead() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        let body = String(repeating: "A sentence of the truncated article keeps going. ", count: 200_000)
        let path = daemon.inbox.appendingPathComponent("shrinking.txt")
        let stagingPath = daemon.root.file("shrinking.txt")
        try Data(("Shrinking story\n\n" + body + "\n").utf8).write(to: stagingPath)
        rename(stagingPath.path, path.path)
        // Truncate it while the daemon reads it (best effort: the read may finish first).
        truncate(path.path, 4096)
        try await daemon.waitUntil("the file leaves the inbox", timeout: 30) { daemon.spoolIsEmpty }
        for record in try daemon.records() {
            let text = record["text"] as? String ?? ""
            // Either the full text was read before the truncation, or the settled 4 KiB file was.
            #expect(text.utf8.count > 9_000_000 || text.utf8.count < 4096)
        }
        #expect(try await daemon.stop() == 0)
    }
}
