import Foundation
import NewsdropInbox
import NewsdropTestSupport
import Testing

@Suite("Claiming inbox files into work/")
struct ClaimingTests {
    func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func contents(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test("a claimed file is out of the inbox; a new file renamed over its name is a new entry, and both are read as they were")
    func renamedOverAfterClaim() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let inbox = try Inbox(spool: folder.path)
        try write("first version", to: inbox.inboxPath + "/story.txt")
        let first = try #require(try inbox.claim(EntryName("story.txt")))
        #expect(!FileManager.default.fileExists(atPath: inbox.inboxPath + "/story.txt"))

        try write("second version", to: inbox.inboxPath + "/.story.tmp")
        #expect(rename(inbox.inboxPath + "/.story.tmp", inbox.inboxPath + "/story.txt") == 0)
        let second = try #require(try inbox.claim(EntryName("story.txt")))
        #expect(first.workName == EntryName("story.txt"))
        #expect(second.workName == EntryName(".1.story.txt"))
        #expect(second.name == EntryName("story.txt"))

        guard case .file(let bytes, let facts) = inbox.read(first, maxBytes: 1 << 20) else {
            Issue.record("the first version was not read")
            return
        }
        #expect(String(decoding: bytes, as: UTF8.self) == "first version")
        #expect(facts.name == "story.txt")
        try inbox.retire(second, after: .move)
        try inbox.retire(first, after: .move)
        #expect(try contents(inbox.donePath + "/story.txt") == "second version")
        #expect(try contents(inbox.donePath + "/story.txt.1") == "first version")
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox.workPath).isEmpty)
    }

    @Test("files left in work/ are found again under their inbox names")
    func leftoversAreFound() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let inbox = try Inbox(spool: folder.path)
        for name in ["a.txt", "b.txt"] {
            try write(name, to: inbox.inboxPath + "/" + name)
            _ = try inbox.claim(EntryName(name))
        }
        try write("again", to: inbox.inboxPath + "/a.txt")
        _ = try inbox.claim(EntryName("a.txt"))
        let found = try inbox.claimedFiles()
        #expect(found.map(\.workName.description) == [".1.a.txt", "a.txt", "b.txt"])
        #expect(found.map(\.name.description) == ["a.txt", "a.txt", "b.txt"])
        #expect(found.map(\.size) == [5, 5, 5])
    }

    @Test("a rejected claim goes to failed/ with its reason and, when quarantined, its crash history")
    func rejectWithHistory() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let inbox = try Inbox(spool: folder.path)
        try write("boom", to: inbox.inboxPath + "/poison.txt")
        let claim = try #require(try inbox.claim(EntryName("poison.txt")))
        let history = CrashHistory(
            crashes: 2, evidence: "SIGTRAP while parsing it", lastExit: "SERVICE_RESULT=core-dump EXIT_CODE=dumped EXIT_STATUS=TRAP")
        try inbox.reject(
            claim, because: .crashedDaemon(crashes: 2, evidence: history.evidence, lastExit: history.lastExit), history: history,
            at: Date())
        let note =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: inbox.failedPath + "/poison.txt.error.json")))
            as? [String: Any]
        #expect(note?["reason"] as? String == "crashed_daemon")
        #expect(note?["crashes"] as? Int == 2)
        #expect(note?["evidence"] as? String == "SIGTRAP while parsing it")
        #expect(note?["last_exit"] as? String == history.lastExit)
        #expect(try contents(inbox.failedPath + "/poison.txt") == "boom")
    }

    @Test("the in-flight record lists the open batches, survives its process in the page cache, and is empty once they end")
    func inFlightRecord() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let one = ClaimedFile(name: EntryName("a b.txt"), workName: EntryName(".3.a b.txt"), inode: 42, size: 7)
        let two = ClaimedFile(name: EntryName("c.txt"), workName: EntryName("c.txt"), inode: 43, size: 9)
        let record = try InFlightRecord(stateDirectory: folder.path)
        let first = record.begin([one])
        let second = record.begin([two])
        #expect(Set(InFlightRecord.load(stateDirectory: folder.path)) == [one, two])
        let loaded = InFlightRecord.load(stateDirectory: folder.path).first { $0.inode == 42 }
        #expect(loaded?.name == EntryName("a b.txt"))
        #expect(loaded?.size == 7)
        record.end(first)
        #expect(InFlightRecord.load(stateDirectory: folder.path) == [two])
        record.end(second)
        #expect(InFlightRecord.load(stateDirectory: folder.path).isEmpty)
    }

    @Test("crash counts are kept per file until the file is forgotten")
    func crashCounts() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = ClaimedFile(name: EntryName("x"), workName: EntryName("x"), inode: 5, size: 1)
        let other = ClaimedFile(name: EntryName("y"), workName: EntryName("y"), inode: 6, size: 1)
        try CrashCounts(stateDirectory: folder.path).replace(with: [file: 1, other: 2])
        let counts = CrashCounts(stateDirectory: folder.path)
        #expect(counts.all == [file: 1, other: 2])
        #expect(try counts.forget(other))
        #expect(try !counts.forget(other))
        #expect(CrashCounts(stateDirectory: folder.path).all == [file: 1])
    }
}
