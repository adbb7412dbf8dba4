import Foundation
import Logging
import NewsdropInbox
import NewsdropTestSupport
import Synchronization
import Testing

@testable import NewsdropDaemon

@Suite("Start-up after an abnormal end: only evidence blames a file")
struct CrashRecoveryTests {
    /// A spool and a state folder with `names` claimed into work/.
    struct Scene {
        let folder: TemporaryFolder
        let inbox: Inbox
        let claims: [ClaimedFile]
        let counters = IngestCounters()
        var state: String { folder.path + "/state" }

        init(_ names: [String]) throws {
            folder = try TemporaryFolder()
            inbox = try Inbox(spool: folder.path + "/spool")
            try FileManager.default.createDirectory(atPath: folder.path + "/state", withIntermediateDirectories: true)
            var claims: [ClaimedFile] = []
            for name in names {
                try Data("text of \(name)".utf8).write(to: URL(fileURLWithPath: inbox.inboxPath + "/" + name))
                claims.append(try #require(try inbox.claim(EntryName(name))))
            }
            self.claims = claims
        }

        /// Leaves `files` in flight and `evidence` lines in the crash evidence, as a run that
        /// ended abnormally while parsing them would; `exit` is the service manager's report.
        func end(inFlight files: [ClaimedFile], evidence: [String] = [], exit: [String: String]? = nil) throws {
            _ = try InFlightRecord(stateDirectory: state).begin(files)
            let text = evidence.map { $0 + "\n" }.joined()
            try Data(text.utf8).write(to: URL(fileURLWithPath: state + "/" + CrashEvidence.fileName))
            if let exit { try ExitReport(environment: exit)!.write(stateDirectory: state) }
        }

        /// A run that stopped cleanly: no evidence file, nothing in flight.
        func stopCleanly() throws {
            _ = try InFlightRecord(stateDirectory: state)
            try? FileManager.default.removeItem(atPath: state + "/" + CrashEvidence.fileName)
        }

        func plan() throws -> RecoveryPlan {
            let last = CrashEvidence.lastEnd(stateDirectory: state)
            return try CrashRecovery(inbox: inbox, stateDirectory: state, logger: Logger(label: "test"), counters: counters)
                .plan(after: last)
        }

        var failed: [String] { (try? FileManager.default.contentsOfDirectory(atPath: inbox.failedPath).sorted()) ?? [] }

        func note(_ name: String) throws -> [String: Any]? {
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: inbox.failedPath + "/" + name + ".error.json")))
                as? [String: Any]
        }
    }

    @Test("after a clean stop, leftovers in work/ are ingested in batches and nobody is a suspect")
    func cleanEnd() throws {
        let scene = try Scene(["a.txt", "b.txt"])
        defer { scene.folder.remove() }
        let plan = try scene.plan()
        #expect(plan.isolated.isEmpty)
        #expect(Set(plan.leftovers) == Set(scene.claims))
        #expect(AbnormalEndStreak(stateDirectory: scene.state).count == 0)
    }

    @Test("an end without evidence (SIGKILL, OOM kill, power cut) blames no file, however often; files in flight are tried alone first")
    func endsWithoutEvidence() throws {
        let scene = try Scene(["a.txt", "b.txt", "c.txt"])
        defer { scene.folder.remove() }
        // No report, a report of SIGKILL, one of the OOM killer: none of them blames.
        let exits: [[String: String]?] = [
            nil, ["SERVICE_RESULT": "signal", "EXIT_CODE": "killed", "EXIT_STATUS": "KILL"],
            ["SERVICE_RESULT": "oom-kill", "EXIT_CODE": "killed", "EXIT_STATUS": "KILL"], nil,
        ]
        for (end, exit) in zip(1..., exits) {
            try scene.end(inFlight: Array(scene.claims.prefix(2)), exit: exit)
            let plan = try scene.plan()
            #expect(plan.isolated == Array(scene.claims.prefix(2)))
            #expect(plan.leftovers == [scene.claims[2]])
            #expect(CrashCounts(stateDirectory: scene.state).all.isEmpty)
            #expect(AbnormalEndStreak(stateDirectory: scene.state).count == end)
            #expect(scene.counters.snapshot.abnormalEndsInARow == end)
        }
        #expect(scene.failed.isEmpty)
    }

    @Test("a crash on a thread that was not parsing blames no file, and a streak of them is a crash loop")
    func crashOutsideParsing() throws {
        let scene = try Scene(["a.txt"])
        defer { scene.folder.remove() }
        for end in 1...3 {
            try scene.end(inFlight: scene.claims, evidence: ["crash 4 -"])
            let plan = try scene.plan()
            #expect(plan.isolated == scene.claims)
            #expect(AbnormalEndStreak(stateDirectory: scene.state).isLoop == (end >= 2))
        }
        #expect(scene.failed.isEmpty)
        try scene.stopCleanly()
        _ = try scene.plan()
        #expect(AbnormalEndStreak(stateDirectory: scene.state).count == 0, "a clean stop ends the streak")
        #expect(scene.counters.snapshot.abnormalEndsInARow == 0)
    }

    @Test("a crash that names the file of its thread blames that file alone; at its second it is quarantined with the evidence")
    func evidenceBlamesOneFile() throws {
        let scene = try Scene(["good.txt", "poison.txt"])
        defer { scene.folder.remove() }
        let (good, poison) = (scene.claims[0], scene.claims[1])
        try scene.end(inFlight: scene.claims, evidence: ["crash 4 \(poison.line)"])
        let first = try scene.plan()
        #expect(CrashCounts(stateDirectory: scene.state).all == [poison: 1])
        #expect(Set(first.isolated) == [good, poison], "both were in flight: each is parsed alone first")
        #expect(AbnormalEndStreak(stateDirectory: scene.state).count == 0, "an end pinned on a file is no crash loop")
        try scene.end(
            inFlight: [poison], evidence: ["crash 4 \(poison.line)"],
            exit: ["SERVICE_RESULT": "core-dump", "EXIT_CODE": "dumped", "EXIT_STATUS": "ILL"])
        let second = try scene.plan()
        #expect(second.isolated.isEmpty)
        #expect(second.leftovers == [good])
        #expect(scene.failed == ["poison.txt", "poison.txt.error.json"])
        let note = try scene.note("poison.txt")
        #expect(note?["reason"] as? String == "crashed_daemon")
        #expect(note?["crashes"] as? Int == 2)
        #expect(note?["evidence"] as? String == "SIGILL while parsing it")
        #expect(note?["last_exit"] as? String == "SERVICE_RESULT=core-dump EXIT_CODE=dumped EXIT_STATUS=ILL")
        #expect(CrashCounts(stateDirectory: scene.state).all.isEmpty)
    }

    @Test("a hang verdict blames the hung file; the watchdog's SIGABRT from outside, recorded beside it, blames nothing more")
    func hangBlamesItsFile() throws {
        let scene = try Scene(["slow.txt", "other.txt"])
        defer { scene.folder.remove() }
        let slow = scene.claims[0]
        for _ in 0..<2 {
            try scene.end(inFlight: scene.claims, evidence: ["hang \(slow.line)", "crash 6 -"])
            _ = try scene.plan()
        }
        #expect(scene.failed == ["slow.txt", "slow.txt.error.json"])
        #expect(try scene.note("slow.txt")?["evidence"] as? String == "its parse hung past parse_timeout")
        #expect(CrashCounts(stateDirectory: scene.state).all.isEmpty)
    }

    @Test("evidence naming a file no longer in work/ blames nothing, and a file is counted once per end")
    func staleEvidence() throws {
        let scene = try Scene(["a.txt"])
        defer { scene.folder.remove() }
        let gone = ClaimedFile(name: EntryName("gone.txt"), workName: EntryName("gone.txt"), inode: 1, size: 2)
        let file = scene.claims[0]
        try scene.end(inFlight: [file], evidence: ["crash 11 \(gone.line)", "hang \(file.line)", "crash 6 \(file.line)"])
        _ = try scene.plan()
        #expect(CrashCounts(stateDirectory: scene.state).all == [file: 1])
    }

    @Test("the exit report is read once and only told along")
    func exitReportIsTakenOnce() throws {
        let scene = try Scene(["a.txt"])
        defer { scene.folder.remove() }
        try scene.end(inFlight: scene.claims, exit: ["SERVICE_RESULT": "core-dump", "EXIT_STATUS": "SEGV"])
        _ = try scene.plan()
        #expect(!FileManager.default.fileExists(atPath: scene.state + "/" + ExitReport.fileName))
        #expect(CrashCounts(stateDirectory: scene.state).all.isEmpty, "a core dump reported with no evidence blames nothing")
    }
}

@Suite("Crash evidence as the next start reads it")
struct LastEndTests {
    @Test("no evidence file is a clean stop; an empty one an end without evidence")
    func presence() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(CrashEvidence.lastEnd(stateDirectory: folder.path) == .clean)
        let evidence = try CrashEvidence.start(stateDirectory: folder.path)
        let last = CrashEvidence.lastEnd(stateDirectory: folder.path)
        #expect(!last.wasClean)
        #expect(last.evidence.isEmpty)
        #expect(last.unexplained.hasPrefix("no evidence"))
        evidence.closeCleanly()
        #expect(CrashEvidence.lastEnd(stateDirectory: folder.path) == .clean)
    }

    @Test("crash and hang lines read back; a line cut short or of another kind is skipped")
    func lines() {
        let file = ClaimedFile(name: EntryName("a b.txt"), workName: EntryName(".1.a b.txt"), inode: 42, size: 7)
        let other = ClaimedFile(name: EntryName("b"), workName: EntryName("b"), inode: 43, size: 8)
        let last = LastEnd(
            evidenceText:
                "crash 11 \(file.line)\ncrash 6 -\nhang \(file.line)\ncrash 4 \(other.line)\nhang\nother\ncrash x -\ncrash 4 43 8\n")
        #expect(last.evidence.count == 4)
        #expect(last.evidence[0] == .crash(signal: 11, file: file))
        #expect(last.evidence[1] == .crash(signal: 6, file: nil))
        #expect(last.evidence[2] == .hang(file))
        #expect(last.blamed.map(\.file) == [file, other])
        #expect(last.blamed.first?.cause == .crash(signal: 11))
        #expect(last.signalsOutsideParsing == [6])
        #expect(last.unexplained == "SIGABRT outside parsing")
    }
}

@Suite("Parse slots")
struct ParseSlotsTests {
    @Test("a parse is published in its thread's slot while it runs, names its file, and is gone when it ends")
    func publishes() {
        let file = ClaimedFile(name: EntryName("story.txt"), workName: EntryName(".2.story.txt"), inode: 9_000_000_001, size: 1234)
        let inside = ParseSlots.parsing(file) { ParseSlots.running().map(\.file) }
        #expect(inside.contains(file))
        #expect(!ParseSlots.running().contains { $0.file == file })
    }

    @Test("another thread sees a parse in progress, with how long it has run, and records it as hung")
    func seenFromAnotherThread() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = ClaimedFile(name: EntryName("hung.txt"), workName: EntryName("hung.txt"), inode: 77, size: 5)
        let flags = Flags()
        let thread = Thread {
            ParseSlots.parsing(file) {
                flags.started.store(true, ordering: .releasing)
                while !flags.release.load(ordering: .acquiring) { usleep(1000) }
            }
        }
        thread.start()
        while !flags.started.load(ordering: .acquiring) { try await Task.sleep(for: .milliseconds(1)) }
        try await Task.sleep(for: .milliseconds(20))
        let parse = try #require(ParseSlots.running().first { $0.file == file })
        #expect(parse.elapsed(at: ParseSlots.now) >= .milliseconds(20))
        let evidence = try CrashEvidence.start(stateDirectory: folder.path)
        #expect(evidence.recordHang(parse))
        flags.release.store(true, ordering: .releasing)
        while ParseSlots.running().contains(parse) { try await Task.sleep(for: .milliseconds(1)) }
        #expect(!evidence.recordHang(parse), "a parse that has ended is no longer named")
        #expect(CrashEvidence.lastEnd(stateDirectory: folder.path).evidence == [.hang(file)])
        evidence.closeCleanly()
    }

    /// Two flags one thread sets for another.
    final class Flags: Sendable {
        let started = Atomic(false)
        let release = Atomic(false)
    }

    @Test("the claimed-file line of the state lists reads back as the same file, for any name bytes")
    func claimLine() {
        let name = EntryName(bytes: [0x66, 0xFF, 0x20, 0x0A] + Array(repeating: UInt8(ascii: "x"), count: 251))
        let file = ClaimedFile(name: name, workName: name, inode: .max, size: .max)
        #expect(ClaimedFile(line: file.line) == file)
        #expect(file.line.hasPrefix("\(UInt64.max) \(Int.max) 66ff200a78"))
    }
}

@Suite("Exit reports and failpoints")
struct ExitReportAndFailpointTests {
    @Test("the service manager's variables become one line")
    func exitReport() {
        let dumped = ExitReport(environment: ["SERVICE_RESULT": "core-dump", "EXIT_CODE": "dumped", "EXIT_STATUS": "SEGV"])
        #expect(dumped?.description == "SERVICE_RESULT=core-dump EXIT_CODE=dumped EXIT_STATUS=SEGV")
        #expect(ExitReport(environment: ["PATH": "/usr/bin"]) == nil)
    }

    @Test("failpoints are off unless set, and read name=MARKER pairs")
    func failpoints() {
        #expect(!Failpoints("").isActive)
        let set = Failpoints("parse-crash=BOOM; parse-hang=SPIN;bogus=1;parse-crash;commit-crash=LATE;parse-crash-beside=PAIR")
        #expect(set.crashMarker == Array("BOOM".utf8))
        #expect(set.hangMarker == Array("SPIN".utf8))
        #expect(set.commitCrashMarker == Array("LATE".utf8))
        #expect(set.crashBesideMarker == Array("PAIR".utf8))
        #expect(set.unknown == ["bogus", "parse-crash"])
        #expect(Failpoints.contains(Array("xxBOOMyy".utf8), Array("BOOM".utf8)))
        #expect(!Failpoints.contains(Array("BOO".utf8), Array("BOOM".utf8)))
        set.applyWhileParsing(Array("harmless text".utf8))
    }
}
