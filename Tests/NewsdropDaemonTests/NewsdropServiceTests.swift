import Foundation
import Logging
import NewsdropSystemd
import NewsdropTestSupport
import ServiceLifecycleTestKit
import Testing

@testable import NewsdropDaemon

/// The service runs on the test process's own cooperative threads, which CPU-bound tests may hold
/// for many seconds; so waits here poll without a clock of their own and the time limit ends a hang.
@Suite("The daemon's service group, in process", .timeLimit(.minutes(1)))
struct NewsdropServiceTests {
    @Test("built from settings alone, it says READY, ingests a dropped file, and on a graceful shutdown stops and returns")
    func readyIngestStop() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var settings = Self.settings(in: folder)
        settings.rescanInterval = 3600
        let notifier = RecordingNotifier()
        let fixed = settings
        let group = NewsdropService.serviceGroup(
            settings: settings, logLevel: LogLevelSetting(.critical), logger: Self.logger, notifier: notifier,
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
        Self.expectStoppingLast(notifier.messages)
    }

    @Test("the service alone, on a graceful shutdown, says STOPPING and returns with the files it took retired")
    func gracefulShutdown() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let settings = Self.settings(in: folder)
        let notifier = RecordingNotifier()
        let fixed = settings
        let service = NewsdropService(
            settings: settings, logLevel: LogLevelSetting(.critical), logger: Self.logger, notifier: notifier, reloadSettings: { fixed })
        try FileManager.default.createDirectory(atPath: folder.path + "/spool/inbox", withIntermediateDirectories: true)
        for number in 0..<50 {
            try Data("Title: Story \(number)\n\nThe body of story \(number), waiting at the start.\n".utf8)
                .write(to: URL(fileURLWithPath: folder.path + "/spool/inbox/s\(number).txt"))
        }
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await service.run() }
                try await Self.waitUntil("READY=1") { notifier.isReady }
                trigger.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
        Self.expectStoppingLast(notifier.messages)
        // Whatever was taken was finished: each file is either retired with its record or still waiting.
        let done = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/spool/done")
        let waiting = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/spool/inbox")
        let records = try String(contentsOfFile: settings.archive, encoding: .utf8).split(separator: "\n")
        #expect(done.count + waiting.count == 50)
        #expect(records.count == done.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/spool/work").isEmpty)
    }

    /// Settings with every path in `folder`.
    static func settings(in folder: TemporaryFolder) -> Settings {
        var settings = Settings()
        settings.spool = folder.path + "/spool"
        settings.archive = folder.path + "/archive.jsonl"
        settings.state = folder.path + "/state"
        return settings
    }

    /// A logger that keeps the test's output quiet.
    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    /// Polls `condition` until it holds; the suite's time limit ends a test that would wait for
    /// ever, and the failure then names the wait.
    static func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
        while !condition() {
            do {
                try await Task.sleep(for: .milliseconds(10))
            } catch {
                throw HarnessError("cancelled while waiting until \(what)")
            }
        }
    }

    /// STOPPING=1 was said once, after READY=1; what follows it is only a status that says so.
    static func expectStoppingLast(_ messages: [String]) {
        #expect(messages.filter { $0 == "STOPPING=1" }.count == 1)
        guard let stopping = messages.firstIndex(of: "STOPPING=1") else { return }
        #expect(messages[..<stopping].contains { $0.hasPrefix("READY=1") })
        for message in messages[(stopping + 1)...] {
            #expect(message.hasPrefix("STATUS=stopping; "))
        }
    }
}
