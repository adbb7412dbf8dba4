import Foundation
import NewsdropTestSupport
import Testing

@Suite("newsdrop run: bad input goes to failed/ with a reason", .serialized)
struct RejectionTests {
    @Test("empty, binary, textless, undecodable and oversized files are rejected and the daemon goes on")
    func badFiles() async throws {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_MAX_ARTICLE_BYTES": "4096"])
        try await daemon.start()
        let bad: [(String, Data, String)] = [
            ("empty.txt", Data(), "empty"),
            ("binary.bin", Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00]), "binary"),
            ("blank.txt", Data("  \n\n\t \n".utf8), "no_text"),
            ("marker-only.txt", Data(" date 2025-01-01\n".utf8), "no_text"),
            ("undecodable.txt", Data([0x41, 0x81, 0x8D, 0x42]), "undecodable"),
            ("huge.txt", Data(String(repeating: "word ", count: 2000).utf8), "too_large"),
        ]
        for (name, data, _) in bad { try daemon.drop(name, data) }
        try daemon.drop("good.txt", "Good headline\n\nGood text follows here.\n")
        try await daemon.waitUntil("every file has left the inbox") { daemon.spoolIsEmpty }
        for (name, _, reason) in bad {
            #expect(daemon.failureReason(name) == reason, "\(name)")
            #expect(daemon.names(in: daemon.failed).contains(name))
        }
        #expect(daemon.names(in: daemon.done) == ["good.txt"])
        #expect(try daemon.records().count == 1)
        #expect(daemon.isRunning)
        #expect(daemon.log.contains("file rejected"))
        let errorJSON =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: daemon.failed.appendingPathComponent("empty.txt.error.json"))) as? [String: Any]
        #expect(errorJSON?["message"] as? String != nil)
        #expect((errorJSON?["time"] as? String)?.hasSuffix("Z") == true)
        #expect(try await daemon.stop() == 0)
    }

    @Test("symlinks, hard links, FIFOs and folders are moved to failed/ unread")
    func specialEntries() async throws {
        let daemon = try DaemonHarness()
        let outside = daemon.root.file("outside.txt")
        try Data("Secret headline\n\nThis must not be read.\n".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(at: daemon.inbox.appendingPathComponent("link.txt"), withDestinationURL: outside)
        try FileManager.default.linkItem(at: outside, to: daemon.inbox.appendingPathComponent("hard.txt"))
        #expect(mkfifo(daemon.inbox.appendingPathComponent("pipe.txt").path, 0o644) == 0)
        try FileManager.default.createDirectory(at: daemon.inbox.appendingPathComponent("folder"), withIntermediateDirectories: false)
        try await daemon.start()
        try await daemon.waitUntil("every entry has left the inbox") { daemon.spoolIsEmpty }
        #expect(daemon.failureReason("link.txt") == "symlink")
        #expect(daemon.failureReason("hard.txt") == "hard_link")
        #expect(daemon.failureReason("pipe.txt") == "not_regular_file")
        #expect(daemon.failureReason("folder") == "not_regular_file")
        #expect(try daemon.records().isEmpty)
        #expect(FileManager.default.fileExists(atPath: outside.path))
        #expect(try await daemon.stop() == 0)
    }

    @Test("a dropped file name that already exists in done/ is kept under a new name")
    func nameCollision() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        try daemon.drop("same.txt", "Headline one\n\nFirst text.\n")
        try await daemon.waitUntil("the first is done") { daemon.names(in: daemon.done) == ["same.txt"] }
        try daemon.drop("same.txt", "Headline two\n\nSecond text.\n")
        try await daemon.waitUntil("the second is done") { daemon.names(in: daemon.done) == ["same.txt", "same.txt.1"] }
        try daemon.drop("same.txt", "Headline three\n\nThird text.\n")
        try await daemon.waitUntil("the third is done") { daemon.names(in: daemon.done) == ["same.txt", "same.txt.1", "same.txt.2"] }
        #expect(try String(contentsOf: daemon.done.appendingPathComponent("same.txt"), encoding: .utf8).hasPrefix("Headline one"))
        #expect(try daemon.records().count == 3)
        #expect(try await daemon.stop() == 0)
    }
}
