import Foundation
import Logging
import NewsdropInbox
import NewsdropTestSupport
import Testing

@testable import NewsdropDaemon

@Suite("Start-up after a crash")
struct CrashRecoveryTests {
    /// A spool and a state folder with `names` claimed into work/.
    struct Scene {
        let folder: TemporaryFolder
        let inbox: Inbox
        let claims: [ClaimedFile]
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

        /// Leaves `files` in flight, as a run that crashed while parsing them would.
        func crash(inFlight files: [ClaimedFile], exit: [String: String]? = nil) throws {
            _ = try InFlightRecord(stateDirectory: state).begin(files)
            if let exit { try ExitReport(environment: exit)!.write(stateDirectory: state) }
        }

        func plan() throws -> RecoveryPlan {
            try CrashRecovery(inbox: inbox, stateDirectory: state, logger: Logger(label: "test"), counters: IngestCounters()).plan()
        }
    }

    @Test("after a clean end, leftovers in work/ are ingested in batches and nobody is a suspect")
    func cleanEnd() throws {
        let scene = try Scene(["a.txt", "b.txt"])
        defer { scene.folder.remove() }
        let plan = try scene.plan()
        #expect(plan.isolated.isEmpty)
        #expect(Set(plan.leftovers) == Set(scene.claims))
    }

    @Test("files in flight during a crash are parsed one at a time; the rest of work/ in batches")
    func firstCrash() throws {
        let scene = try Scene(["a.txt", "b.txt", "c.txt"])
        defer { scene.folder.remove() }
        try scene.crash(inFlight: Array(scene.claims.prefix(2)))
        let plan = try scene.plan()
        #expect(plan.isolated == Array(scene.claims.prefix(2)))
        #expect(plan.leftovers == [scene.claims[2]])
        #expect(CrashCounts(stateDirectory: scene.state).all == [scene.claims[0]: 1, scene.claims[1]: 1])
    }

    @Test("a file in flight in a second crash is quarantined with its count and the service manager's last word")
    func secondCrash() throws {
        let scene = try Scene(["poison.txt", "good.txt"])
        defer { scene.folder.remove() }
        try scene.crash(inFlight: scene.claims)
        _ = try scene.plan()
        let poison = scene.claims[0]
        try scene.crash(inFlight: [poison], exit: ["SERVICE_RESULT": "core-dump", "EXIT_CODE": "dumped", "EXIT_STATUS": "TRAP"])
        let plan = try scene.plan()
        #expect(plan.isolated == [scene.claims[1]], "the other suspect keeps its single crash")
        #expect(plan.leftovers.isEmpty)
        let note =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: scene.inbox.failedPath + "/poison.txt.error.json"))) as? [String: Any]
        #expect(note?["reason"] as? String == "crashed_daemon")
        #expect(note?["crashes"] as? Int == 2)
        #expect(note?["last_exit"] as? String == "SERVICE_RESULT=core-dump EXIT_CODE=dumped EXIT_STATUS=TRAP")
        #expect(CrashCounts(stateDirectory: scene.state).all == [scene.claims[1]: 1])
    }

    @Test("a run killed with SIGKILL by an operator blames no file")
    func killedFromOutside() throws {
        let scene = try Scene(["a.txt"])
        defer { scene.folder.remove() }
        for _ in 0..<3 {
            try scene.crash(inFlight: scene.claims, exit: ["SERVICE_RESULT": "signal", "EXIT_CODE": "killed", "EXIT_STATUS": "KILL"])
            let plan = try scene.plan()
            #expect(plan.isolated.isEmpty)
            #expect(plan.leftovers == scene.claims)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scene.inbox.failedPath).isEmpty)
    }

    @Test("the exit report is read once: a later crash without one counts as unknown")
    func exitReportIsTakenOnce() throws {
        let scene = try Scene(["a.txt"])
        defer { scene.folder.remove() }
        try ExitReport(environment: ["SERVICE_RESULT": "signal", "EXIT_STATUS": "KILL"])!.write(stateDirectory: scene.state)
        _ = try scene.plan()
        try scene.crash(inFlight: scene.claims)
        #expect(try scene.plan().isolated == scene.claims)
    }
}

@Suite("Exit reports and failpoints")
struct ExitReportAndFailpointTests {
    @Test("the service manager's variables become one line; a SIGKILL from outside is told apart")
    func exitReport() {
        let dumped = ExitReport(environment: ["SERVICE_RESULT": "core-dump", "EXIT_CODE": "dumped", "EXIT_STATUS": "SEGV"])
        #expect(dumped?.description == "SERVICE_RESULT=core-dump EXIT_CODE=dumped EXIT_STATUS=SEGV")
        #expect(dumped?.isKilledFromOutside == false)
        #expect(
            ExitReport(environment: ["SERVICE_RESULT": "signal", "EXIT_CODE": "killed", "EXIT_STATUS": "KILL"])?.isKilledFromOutside == true
        )
        #expect(
            ExitReport(environment: ["SERVICE_RESULT": "oom-kill", "EXIT_CODE": "killed", "EXIT_STATUS": "KILL"])?.isKilledFromOutside
                == false)
        #expect(
            ExitReport(environment: ["SERVICE_RESULT": "watchdog", "EXIT_CODE": "dumped", "EXIT_STATUS": "ABRT"])?.isKilledFromOutside
                == false)
        #expect(ExitReport(environment: ["PATH": "/usr/bin"]) == nil)
    }

    @Test("failpoints are off unless set, and read name=MARKER pairs")
    func failpoints() {
        #expect(!Failpoints("").isActive)
        let set = Failpoints("parse-crash=BOOM; parse-hang=SPIN;bogus=1;parse-crash")
        #expect(set.crashMarker == Array("BOOM".utf8))
        #expect(set.hangMarker == Array("SPIN".utf8))
        #expect(set.unknown == ["bogus", "parse-crash"])
        #expect(Failpoints.contains(Array("xxBOOMyy".utf8), Array("BOOM".utf8)))
        #expect(!Failpoints.contains(Array("BOO".utf8), Array("BOOM".utf8)))
        set.apply(to: Array("harmless text".utf8))
    }
}
