import Foundation
import NewsdropCore
import NewsdropStore
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Readers under rotation, compression, retention and daemon crashes, with one that is killed
/// and resumed from its cursor file. `NEWSDROP_STRESS_ROUNDS` (default 60) sets the number of
/// bursts (a sixth of them kill the cursor follower, at least 10, and a twentieth the daemon, at
/// least 3), and `NEWSDROP_STRESS_SEED` repeats a run.
@Suite("Read side under stress", .serialized)
struct ReadSideStressTests {
    /// The record ids of a follower's output, in order; a last line cut short by a kill is left out.
    static func ids(_ output: String) -> [String] {
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()
        return lines.compactMap { line in
            Array(line.utf8).withUnsafeBufferPointer { RecordLine.id(in: $0)?.description }
        }
    }

    /// The `record` a cursor file names; `nil` for the start.
    static func cursorRecord(_ path: String) throws -> String? {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        if object["record"] == nil { #expect(object["file"] == nil, "a cursor at a file's end before any record was read") }
        return object["record"] as? String
    }

    /// Every record in the segments kept and the archive, in order.
    static func archivedIDs(_ archive: String) throws -> [String] {
        var ids: [String] = []
        for file in ArchiveSegments(archivePath: archive).all() {
            try ArchiveSegments.forEachLine(in: file) { line in
                if let id = RecordLine.id(in: line) { ids.append(id.description) }
            }
        }
        return ids
    }

    /// The id of the oldest record kept: the first line of the oldest segment (or the archive).
    static func oldestRecord(_ archive: String) throws -> String? {
        while true {
            guard let oldest = ArchiveSegments(archivePath: archive).all().first else { return nil }
            // Retention may delete it between listing and reading: list again.
            guard let line = try? ArchiveSegments.firstLine(of: oldest) else { continue }
            return line.withUnsafeBufferPointer { RecordLine.id(in: $0)?.description }
        }
    }

    /// Where two id lists first differ, for a readable failure.
    static func difference(_ got: [String], _ expected: [String]) -> String {
        let index = zip(got, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, expected.count)
        func around(_ list: [String]) -> String {
            list[max(0, index - 2)..<min(list.count, index + 3)].map { String($0.prefix(8)) }.joined(separator: " ")
        }
        return
            "\(got.count) printed for \(expected.count) expected, first difference at \(index): [\(around(got))] for [\(around(expected))]"
    }

    @Test(
        "three followers print every record once through rotation, compression, retention and daemon crashes; a killed one resumes from its cursor"
    )
    func followersUnderStress() async throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["NEWSDROP_STRESS_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...1_000_000)
        let rounds = environment["NEWSDROP_STRESS_ROUNDS"].flatMap { Int($0) } ?? 60
        var random = try ArticleGenerator(seed: seed)
        let maxBurst = 40
        let maxBytes = [1, 4_000, 40_000][random.next(below: 3)]
        let compress = random.next(below: 2) == 0
        let keep = maxBurst + 10 + random.next(below: 20)
        let setup = "seed \(seed), rotate.max_bytes \(maxBytes), compress \(compress), keep \(keep)"
        let daemon = try DaemonHarness(environment: [
            "NEWSDROP_LOG_LEVEL": "info", "NEWSDROP_MAX_BATCH": "8", "NEWSDROP_ROTATE_MAX_BYTES": "\(maxBytes)",
            "NEWSDROP_ROTATE_COMPRESS": "\(compress)", "NEWSDROP_ROTATE_KEEP": "\(keep)",
        ])
        try await daemon.start()
        let archive = daemon.archive.path
        let cursor = daemon.root.file("consumer.cursor").path
        let fromStart = try BackgroundCommand(["tail", "-f", "--from-start", "--archive", archive])
        try await daemon.waitUntil("the --from-start follower holds the archive open") { fromStart.holdsOpen(archive) }
        var cursorRuns = [try BackgroundCommand(["tail", "-f", "--from-start", "--cursor-file", cursor, "--archive", archive])]
        var resumedAfter: [String?] = [nil]
        try await daemon.waitUntil("the cursor follower saves its start") { FileManager.default.fileExists(atPath: cursor) }
        var allSegments: BackgroundCommand?
        var oldestBefore: String?
        var oldestAfter: String?
        let followerKillCount = max(10, rounds / 6)
        let cursorKills = Set(
            (0..<followerKillCount).map { $0 * rounds / followerKillCount + random.next(below: max(1, rounds / followerKillCount)) })
        let daemonKillCount = max(3, rounds / 20)
        let daemonKills = Set((1...daemonKillCount).map { $0 * rounds / (daemonKillCount + 1) })
        var dropped = 0
        let started = Date()
        for round in 0..<rounds {
            let burst = 1 + random.next(below: maxBurst)
            for _ in 0..<burst {
                try daemon.drop("story-\(dropped).txt", random.article(dropped))
                dropped += 1
            }
            if daemonKills.contains(round) {
                try await Task.sleep(for: .milliseconds(random.next(below: 60)))
                daemon.crash()
                try await daemon.start()
            }
            if cursorKills.contains(round) {
                try await Task.sleep(for: .milliseconds(random.next(below: 150)))
                _ = cursorRuns.last!.stop(signal: SIGKILL)
                resumedAfter.append(try Self.cursorRecord(cursor))
                // Once the cursor file exists, the start flags are ignored.
                cursorRuns.append(try BackgroundCommand(["tail", "-f", "--from-start", "--cursor-file", cursor, "--archive", archive]))
            }
            let total = dropped
            try await daemon.waitUntil("the burst is archived (\(setup))", timeout: 60) {
                daemon.spoolIsEmpty && daemon.names(in: daemon.done).count == total
            }
            try await daemon.waitUntil("the --from-start follower caught up (\(setup))", timeout: 30) {
                Self.ids(fromStart.stdout).count >= total
            }
            if round == rounds / 2 {
                // Retention may remove segments while it starts: it must begin no earlier than
                // the oldest record before its start, and no later than the oldest after.
                oldestBefore = try Self.oldestRecord(archive)
                let follower = try BackgroundCommand(["tail", "-f", "--all-segments", "--archive", archive])
                try await daemon.waitUntil("the --all-segments follower printed") { !Self.ids(follower.stdout).isEmpty }
                oldestAfter = try Self.oldestRecord(archive)
                allSegments = follower
            }
        }
        let total = dropped
        let truth = Self.ids(fromStart.stdout)
        try await daemon.waitUntil("every follower printed the last record (\(setup))", timeout: 30) {
            for follower in [fromStart, cursorRuns.last!, allSegments!] where !follower.isRunning {
                throw HarnessError("a follower exited: \(follower.stderr) (\(setup))")
            }
            // A cursor run killed after it printed the last record resumes with nothing to print.
            let cursorDone = Self.ids(cursorRuns.last!.stdout).last.map { $0 == truth.last } ?? (resumedAfter.last! == truth.last)
            return cursorDone && Self.ids(allSegments!.stdout).last == truth.last
        }
        for follower in [fromStart, cursorRuns.last!, allSegments!] {
            #expect(!follower.stderr.contains("deleted by retention"), "\(follower.stderr) (\(setup))")
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(fromStart.stop() == 0)
        #expect(cursorRuns.last!.stop() == 0)
        #expect(allSegments!.stop() == 0)
        #expect(try await daemon.stop() == 0)
        let elapsed = Date().timeIntervalSince(started)

        // The reference: every dropped article once, and the archive as it is now at its end.
        let final = Self.ids(fromStart.stdout)
        #expect(final.count == total, "\(setup)")
        #expect(Set(final).count == total, "\(setup)")
        let kept = try Self.archivedIDs(archive)
        #expect(Array(final.suffix(kept.count)) == kept, "\(Self.difference(Array(final.suffix(kept.count)), kept)) (\(setup))")
        #expect(ArchiveSegments(archivePath: archive).rotated().count <= keep)

        // Started mid-run: from the oldest record kept then, to the end.
        let printed = Self.ids(allSegments!.stdout)
        let first = try #require(printed.first.flatMap { final.firstIndex(of: $0) })
        let earliest = try #require(oldestBefore.flatMap { final.firstIndex(of: $0) })
        let latest = try #require(oldestAfter.flatMap { final.firstIndex(of: $0) })
        #expect(earliest <= first && first <= latest, "started at \(first), oldest kept \(earliest) to \(latest) (\(setup))")
        #expect(printed == Array(final[first...]), "\(Self.difference(printed, Array(final[first...]))) (\(setup))")

        // Killed ten times: each run starts right after the record its cursor names, and the runs
        // together leave nothing out.
        var covered = 0
        var reprinted: [Int] = []
        for (run, after) in zip(cursorRuns, resumedAfter) {
            let output = Self.ids(run.stdout)
            let start = try after.map { try #require(final.firstIndex(of: $0), "\(setup)") + 1 } ?? 0
            let expected = Array(final[start..<min(final.count, start + output.count)])
            #expect(output == expected, "a run did not resume right after its cursor: \(Self.difference(output, expected)) (\(setup))")
            #expect(start <= covered, "records were missed (\(setup))")
            reprinted.append(max(0, covered - start))
            covered = max(covered, start + output.count)
        }
        #expect(covered == total, "\(setup)")
        #expect(cursorRuns.count == cursorKills.count + 1)
        print(
            "read-side stress: \(setup): \(total) records, \(rounds) bursts, \(cursorRuns.count - 1) follower kills, \(daemonKills.count) daemon kills, reprinted after kills: max \(reprinted.max() ?? 0), total \(reprinted.reduce(0, +)), \(String(format: "%.1f", elapsed)) s"
        )
    }
}
