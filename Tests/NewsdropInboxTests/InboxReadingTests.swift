import Foundation
import NewsdropInbox
import NewsdropTestSupport
import Testing

@Suite("Reading an inbox entry")
struct InboxReadingTests {
    @Test("a regular file is read whole, empty and larger than one read alike", arguments: [0, 1, 4_095, 4_096, 100_003])
    func readsWholeFile(size: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let inbox = try Inbox(spool: folder.path)
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: inbox.inboxPath + "/a.txt"))
        let claim = try #require(try inbox.claim(EntryName("a.txt")))
        guard case .file(let read, let facts) = inbox.read(claim, maxBytes: 1 << 20) else {
            Issue.record("the file was not read")
            return
        }
        #expect(read == bytes)
        #expect(facts.name == "a.txt")
    }

    @Test("a file over the size limit is rejected unread; a FIFO is rejected without being opened")
    func rejections() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let inbox = try Inbox(spool: folder.path)
        try Data(count: 2_000).write(to: URL(fileURLWithPath: inbox.inboxPath + "/big.txt"))
        #expect(mkfifo(inbox.inboxPath + "/pipe", 0o644) == 0)
        guard case .rejected(let tooLarge) = inbox.read(try #require(try inbox.claim(EntryName("big.txt"))), maxBytes: 1_000) else {
            Issue.record("the large file was read")
            return
        }
        #expect(tooLarge.reason == "too_large")
        guard case .rejected(let fifo) = inbox.read(try #require(try inbox.claim(EntryName("pipe"))), maxBytes: 1_000) else {
            Issue.record("the FIFO was read")
            return
        }
        #expect(fifo.reason == "not_regular_file")
        #expect(try inbox.claim(EntryName("gone.txt")) == nil, "a missing file was claimed")
        let ghost = ClaimedFile(name: EntryName("ghost.txt"), workName: EntryName("ghost.txt"), inode: 1, size: 0)
        guard case .vanished = inbox.read(ghost, maxBytes: 1_000) else {
            Issue.record("a claimed file missing from work/ did not read as vanished")
            return
        }
    }
}

@Suite("Inbox entry names")
struct EntryNameTests {
    @Test(
        "a name is passed to the system as its bytes and one NUL, whatever its length",
        arguments: ["", "a", "article-0000001.txt", String(repeating: "ä", count: 127), "bad\u{FFFD}name"])
    func cString(name: String) {
        let entry = EntryName(name)
        entry.withCString { pointer in
            #expect(strlen(pointer) == name.utf8.count)
            #expect(String(cString: pointer) == name)
        }
        let undecodable = EntryName(bytes: [0x61, 0xFF, 0x62])
        undecodable.withCString { pointer in
            #expect(Array(UnsafeBufferPointer(start: pointer, count: 4)).map { UInt8(bitPattern: $0) } == [0x61, 0xFF, 0x62, 0])
        }
    }

    @Test("names of files still being written are ignored")
    func ignored() {
        for name in [".hidden", "draft~", "upload.tmp", "upload.part"] { #expect(EntryName(name).isIgnored, "\(name)") }
        for name in ["a.txt", "tmp", "part.txt", "x.tmpl", "~a"] { #expect(!EntryName(name).isIgnored, "\(name)") }
    }
}
