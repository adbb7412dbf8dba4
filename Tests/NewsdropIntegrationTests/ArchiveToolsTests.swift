import Foundation
import NewsdropCore
import NewsdropStore
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("tail, rotation, stats and reindex", .serialized)
struct ArchiveToolsTests {
    /// The ids of every record in the segments and the archive, in order.
    func archivedIDs(_ daemon: DaemonHarness) throws -> [String] {
        var ids: [String] = []
        for file in ArchiveSegments(archivePath: daemon.archive.path).all() {
            try ArchiveSegments.forEachLine(in: file) { line in
                if let id = RecordLine.id(in: line) { ids.append(id.description) }
            }
        }
        return ids
    }

    func ids(inJSONLines text: String) -> [String] {
        text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String
        }
    }

    @Test("tail -f follows a burst across several built-in rotations with none lost or repeated")
    func followAcrossRotations() async throws {
        let daemon = try DaemonHarness(environment: [
            "NEWSDROP_LOG_LEVEL": "info", "NEWSDROP_MAX_BATCH": "4", "NEWSDROP_ROTATE_MAX_BYTES": "20000",
            "NEWSDROP_ROTATE_COMPRESS": "true",
        ])
        try await daemon.start()
        let tail = try BackgroundCommand(["tail", "-f", "--from-start", "--archive", daemon.archive.path])
        var generator = try ArticleGenerator(seed: 8)
        let count = 200
        for index in 0..<count {
            try daemon.drop("story-\(index).txt", generator.article(index))
            if index % 20 == 19 { try await Task.sleep(for: .milliseconds(50)) }
        }
        try await daemon.waitUntil("every file is done", timeout: 60) { daemon.names(in: daemon.done).count == count }
        try await daemon.waitUntil("tail printed every record", timeout: 30) { self.ids(inJSONLines: tail.stdout).count >= count }
        try await Task.sleep(for: .milliseconds(500))
        #expect(tail.stop() == 0)
        let printed = ids(inJSONLines: tail.stdout)
        let archived = try archivedIDs(daemon)
        #expect(ArchiveSegments(archivePath: daemon.archive.path).rotated().count >= 3)
        #expect(archived.count == count)
        #expect(printed.count == count, "printed \(printed.count) records for \(count)")
        #expect(
            Set(printed) == Set(archived),
            "\(Set(archived).subtracting(printed).count) missing, \(Set(printed).subtracting(archived).count) unknown")
        #expect(!tail.stdout.isEmpty && tail.stdout.hasSuffix("\n"))
        #expect(try await daemon.stop() == 0)
        #expect(try daemon.verify().status == 0)
    }

    @Test("tail -f follows an external rotation (mv plus reload)")
    func followExternalRotation() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        let tail = try BackgroundCommand(["tail", "-f", "--from-start", "--archive", daemon.archive.path])
        for index in 0..<10 { try daemon.drop("before-\(index).txt", "Before \(index)\n\nStory \(index) before the rotation.\n") }
        try await daemon.waitUntil("10 are done") { daemon.names(in: daemon.done).count == 10 }
        // tail has the archive open before it is renamed away.
        try await daemon.waitUntil("tail printed the first 10") { self.ids(inJSONLines: tail.stdout).count == 10 }
        #expect(rename(daemon.archive.path, daemon.root.file("archive.1").path) == 0)
        for index in 0..<5 { try daemon.drop("between-\(index).txt", "Between \(index)\n\nStory \(index) before the reload.\n") }
        try await daemon.waitUntil("15 are done") { daemon.names(in: daemon.done).count == 15 }
        daemon.signal(SIGHUP)
        try await daemon.waitUntil("the daemon reloads") { daemon.log.contains("reloading") }
        try await Task.sleep(for: .milliseconds(300))
        for index in 0..<10 { try daemon.drop("after-\(index).txt", "After \(index)\n\nStory \(index) after the rotation.\n") }
        try await daemon.waitUntil("25 are done") { daemon.names(in: daemon.done).count == 25 }
        try await daemon.waitUntil("tail printed every record", timeout: 30) {
            if self.ids(inJSONLines: tail.stdout).count >= 25 { return true }
            if !tail.isRunning { throw HarnessError("tail exited: \(tail.stderr)") }
            return false
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(tail.stop() == 0)
        let printed = ids(inJSONLines: tail.stdout)
        #expect(printed.count == 25)
        #expect(Set(printed).count == 25)
        #expect(try await daemon.stop() == 0)
    }

    @Test("segments named before sequences were added are read first by tail, verify, export and reindex")
    func oldSegmentNames() async throws {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_MAX_BATCH": "1", "NEWSDROP_ROTATE_MAX_BYTES": "1"])
        try await daemon.start()
        var generator = try ArticleGenerator(seed: 12)
        for index in 0..<4 {
            try daemon.drop("o\(index).txt", generator.article(index))
            try await daemon.waitUntil("\(index + 1) are done") { daemon.names(in: daemon.done).count == index + 1 }
        }
        #expect(try await daemon.stop() == 0)
        let segments = ArchiveSegments(archivePath: daemon.archive.path)
        let numbered = segments.rotated()
        #expect(numbered.count == 4)
        #expect(numbered.allSatisfy { segments.name(of: $0)?.sequence != nil })
        let expected = try archivedIDs(daemon)
        // The first two as an older newsdrop named them: a time stamp only, one of them compressed.
        for (index, path) in numbered.prefix(2).enumerated() {
            let old = daemon.root.file("archive-2026010\(index + 1)T000000Z.jsonl").path
            #expect(rename(path, old) == 0)
            if index == 1 { try Gzip.compress(old) }
        }
        #expect(try archivedIDs(daemon) == expected)
        let tail = try CommandRun.newsdrop(["tail", "--all-segments", "--archive", daemon.archive.path])
        #expect(ids(inJSONLines: tail.stdout) == expected)
        let export = try CommandRun.newsdrop(["export", "--archive", daemon.archive.path])
        #expect(ids(inJSONLines: export.stdout) == expected)
        #expect(try daemon.verify().status == 0)
        let reindex = try CommandRun.newsdrop(["reindex", "--archive", daemon.archive.path, "--state", daemon.state.path])
        #expect(reindex.stderr.contains("reindexed 4 articles"), "\(reindex.stderr)")
        // The next rotation is numbered on from the newest.
        try await daemon.start()
        try daemon.drop("o4.txt", generator.article(4))
        try await daemon.waitUntil("5 are done") { daemon.names(in: daemon.done).count == 5 }
        #expect(try await daemon.stop() == 0)
        #expect(segments.rotated().compactMap { segments.name(of: $0)?.sequence } == [3, 4, 5])
    }

    @Test("tail filters by date, language and regex, and shows text for people")
    func filters() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        let items = [
            ("2025-01-05", "en", "Snow closes schools"), ("2025-02-10", "en-GB", "Rail strike called off"),
            ("2025-03-15", "uk", "Новий міст відкрито"), ("2025-04-20", "de", "Neue Brücke eröffnet"),
        ]
        for (index, (date, language, title)) in items.enumerated() {
            try daemon.drop(
                "item-\(index).txt",
                "Title: \(title)\nDate: \(date)\nLanguage: \(language)\nSource: Wire\n\nBody of \(title) item \(index).\n")
        }
        try await daemon.waitUntil("all are done") { daemon.names(in: daemon.done).count == items.count }
        #expect(try await daemon.stop() == 0)
        let archive = daemon.archive.path
        func titles(_ arguments: [String]) throws -> [String] {
            let run = try CommandRun.newsdrop(["tail", "--from-start", "--archive", archive] + arguments)
            #expect(run.status == 0, "\(run.stderr)")
            return run.stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["title"] as? String
            }
        }
        #expect(try titles(["--since", "2025-02-01"]) == ["Rail strike called off", "Новий міст відкрито", "Neue Brücke eröffnet"])
        #expect(try titles(["--since", "2025-02-01", "--until", "2025-03-31"]) == ["Rail strike called off", "Новий міст відкрито"])
        #expect(try titles(["--lang", "en"]) == ["Snow closes schools", "Rail strike called off"])
        #expect(try titles(["--grep", "(?i)brücke|strike"]) == ["Rail strike called off", "Neue Brücke eröffnet"])
        let last = try CommandRun.newsdrop(["tail", "-n", "1", "--archive", archive])
        #expect(ids(inJSONLines: last.stdout).count == 1)
        let text = try CommandRun.newsdrop(["tail", "--from-start", "--archive", archive, "--format", "text", "--lang", "uk"])
        #expect(text.stdout.hasPrefix("2025-03-15  Новий міст відкрито  (Wire)\n    Body of"))
        let bad = try CommandRun.newsdrop(["tail", "--archive", archive, "--since", "someday"])
        #expect(bad.status == 64)
    }

    @Test("tail -f ends cleanly when its reader closes the pipe")
    func closedPipe() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        for index in 0..<5 { try daemon.drop("p\(index).txt", "Pipe \(index)\n\nBody \(index) for the pipe test.\n") }
        try await daemon.waitUntil("all are done") { daemon.names(in: daemon.done).count == 5 }
        let started = Date()
        let run = try Command.run(
            "/bin/sh",
            [
                "-c",
                "'\(TestPaths.binary.path)' tail -f --from-start --archive '\(daemon.archive.path)' | head -n 2; echo \"status=${PIPESTATUS:-done}\"",
            ])
        #expect(run.stdout.split(separator: "\n").count == 3)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(try await daemon.stop() == 0)
    }

    @Test("stats counts a known archive per day, source, language and format, with duplicates and failures")
    func stats() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        try daemon.drop("a.txt", "Title: One\nDate: 2025-05-01\nLanguage: en\nSource: Alpha\n\nFirst body text.\n")
        try daemon.drop("b.txt", "Title: Two\nDate: 2025-05-01T10:00:00Z\nLanguage: en\nSource: Beta\n\nSecond body text.\n")
        try daemon.drop("c.txt", "date 2025-05-02 3 - 2 - 1 - 0\n")
        try daemon.drop("d.txt", "Title: One\nDate: 2025-05-01\nLanguage: en\nSource: Alpha\n\nFirst body text.\n")
        try daemon.drop("e.txt", "")
        try await daemon.waitUntil("all have left the inbox") { daemon.spoolIsEmpty }
        #expect(try await daemon.stop() == 0)
        let run = try CommandRun.newsdrop(
            ["stats", "--json", "--archive", daemon.archive.path],
            environment: ["NEWSDROP_STATE": daemon.state.path, "NEWSDROP_SPOOL": daemon.spool.path])
        #expect(run.status == 0, "\(run.stderr)")
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(stats["records"] as? Int == 3)
        #expect(stats["duplicates"] as? Int == 1)
        #expect(stats["failed"] as? Int == 1)
        #expect(stats["failed_in_spool"] as? Int == 1)
        #expect(stats["by_day"] as? [String: Int] == ["2025-05-01": 2, "2025-05-02": 1])
        #expect(stats["by_source"] as? [String: Int] == ["Alpha": 1, "Beta": 1, "unknown": 1])
        #expect(stats["by_language"] as? [String: Int] == ["en": 2, "unknown": 1])
        #expect(stats["by_input_format"] as? [String: Int] == ["header_text": 2, "date_marker_text": 1])
        let table = try CommandRun.newsdrop(
            ["stats", "--archive", daemon.archive.path], environment: ["NEWSDROP_STATE": daemon.state.path])
        #expect(table.stdout.contains("articles archived      3"))
    }

    @Test("reindex rebuilds the same state the daemon built live, across segments; it refuses while the daemon runs")
    func reindex() async throws {
        let daemon = try DaemonHarness(environment: [
            "NEWSDROP_LOG_LEVEL": "info", "NEWSDROP_MAX_BATCH": "8", "NEWSDROP_ROTATE_MAX_BYTES": "30000",
        ])
        try await daemon.start()
        var generator = try ArticleGenerator(seed: 31)
        for index in 0..<60 { try daemon.drop("r\(index).txt", generator.article(index)) }
        try await daemon.waitUntil("all are done", timeout: 60) { daemon.names(in: daemon.done).count == 60 }
        let busy = try CommandRun.newsdrop(["reindex", "--archive", daemon.archive.path, "--state", daemon.state.path])
        #expect(busy.status == 75)
        #expect(try await daemon.stop() == 0)
        let statePath = daemon.state.appendingPathComponent(LocalDedupIndex.checkpointName).path
        let live = try #require(try DedupCheckpoint.read(from: statePath))
        let run = try CommandRun.newsdrop(["reindex", "--archive", daemon.archive.path, "--state", daemon.state.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("reindexed 60 articles"))
        let rebuilt = try #require(try DedupCheckpoint.read(from: statePath))
        #expect(Set(rebuilt.ids) == Set(live.ids))
        #expect(Set(rebuilt.ids).count == 60)
        #expect(rebuilt.coveredLength == live.coveredLength)
        #expect(rebuilt.archive == live.archive)
        #expect(Set(rebuilt.near.map { "\($0.simhash)@\($0.offset)" }) == Set(live.near.map { "\($0.simhash)@\($0.offset)" }))
        #expect(ArchiveSegments(archivePath: daemon.archive.path).rotated().count >= 2)
        #expect(try daemon.verify().status == 0)
    }
}
