import Foundation
import Logging
import NewsdropSystemd
import NewsdropTestSupport
import Testing

@testable import NewsdropDaemon

@Suite("The daemon's service group, in process")
struct NewsdropServiceTests {
    @Test("built from settings alone, it says READY, ingests a dropped file, and on a graceful shutdown stops and returns")
    func readyIngestStop() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var settings = Settings()
        settings.spool = folder.path + "/spool"
        settings.archive = folder.path + "/archive.jsonl"
        settings.state = folder.path + "/state"
        settings.rescanInterval = 3600
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let notifier = RecordingNotifier()
        let fixed = settings
        let group = NewsdropService.serviceGroup(
            settings: settings, logLevel: LogLevelSetting(.critical), logger: logger, notifier: notifier,
            gracefulShutdownSignals: [], reloadSettings: { fixed })
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Self.waitUntil("READY=1") { notifier.isReady }
            let inbox = folder.path + "/spool/inbox/"
            try Data("Title: In process\n\nA story ingested by the service group built in a test.\n".utf8)
                .write(to: URL(fileURLWithPath: inbox + ".story.txt.tmp"))
            #expect(rename(inbox + ".story.txt.tmp", inbox + "story.txt") == 0)
            try await Self.waitUntil("the file is done") {
                FileManager.default.fileExists(atPath: folder.path + "/spool/done/story.txt")
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let archive = try String(contentsOfFile: settings.archive, encoding: .utf8)
        #expect(archive.split(separator: "\n").count == 1)
        #expect(archive.contains("\"title\":\"In process\""))
        #expect(notifier.messages.last == "STOPPING=1")
    }

    static func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw HarnessError("timed out waiting until \(what)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
