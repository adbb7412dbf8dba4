import Foundation
import NewsdropTestSupport
import Testing

/// Several newsdrop instances on one PostgreSQL table (the throwaway cluster of
/// `scripts/ensure-postgres`). Serialized: one test stops and restarts the server.
@Suite("backend: postgres", .serialized)
struct PostgresBackendTests {
    /// Articles numbered from 0: each text holds "Dispatch number N. " once.
    static func articles(_ count: Int, seed: UInt64 = 7) throws -> [String] {
        var generator = try ArticleGenerator(seed: seed)
        return (0..<count).map { generator.article($0) }
    }

    /// The same story re-sent with a new headline and an agency tail: a near-duplicate.
    static func resent(_ article: String) -> String {
        "Updated: " + article + "Reporting by John Smith; Editing by Mary Jones\n"
    }

    /// Starts `count` daemons, each with its own spool and state, on `table`.
    static func fleet(_ count: Int, table: String) async throws -> [DaemonHarness] {
        try PostgresTestServer.require()
        var daemons: [DaemonHarness] = []
        for _ in 0..<count {
            let daemon = try DaemonHarness(environment: PostgresTestServer.environment(table: table))
            try await daemon.start()
            daemons.append(daemon)
        }
        return daemons
    }

    /// How many rows hold each article number; every number from 0 to `count - 1` must be
    /// there exactly once.
    static func expectEachArticleOnce(_ count: Int, table: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let rows = try PostgresTestServer.query(
            """
            SELECT (regexp_match(record->>'text', 'Dispatch number (\\d+)\\. '))[1]::int AS n, count(*)
            FROM \(table) GROUP BY n ORDER BY n
            """)
        let counts = Dictionary(
            uniqueKeysWithValues: rows.map { row in
                let parts = row.split(separator: "|")
                return (Int(parts[0]) ?? -1, Int(parts[1]) ?? 0)
            })
        #expect(counts.count == count, "distinct articles archived", sourceLocation: sourceLocation)
        let repeated = counts.filter { $0.value != 1 }
        #expect(
            repeated.isEmpty, "articles archived more than once: \(repeated.sorted { $0.key < $1.key }.prefix(10))",
            sourceLocation: sourceLocation)
        let totals = try PostgresTestServer.query("SELECT count(*), count(DISTINCT id) FROM \(table)")
        #expect(totals == ["\(count)|\(count)"], sourceLocation: sourceLocation)
    }

    /// Waits until every daemon's inbox is empty and `total` files reached done/ in all.
    static func waitUntilDrained(_ daemons: [DaemonHarness], total: Int, timeout: Double = 120) async throws {
        try await daemons[0].waitUntil("all files are done", timeout: timeout) {
            daemons.allSatisfy { $0.spoolIsEmpty }
                && daemons.reduce(0) { $0 + $1.names(in: $1.done).filter { !$0.hasSuffix(".error.json") }.count } == total
        }
        for daemon in daemons { #expect(daemon.names(in: daemon.failed).isEmpty, "\(daemon.log)") }
    }

    @Test("three instances ingesting overlapping articles and near-duplicates at once archive each story exactly once")
    func overlappingInstances() async throws {
        let table = PostgresTestServer.uniqueTable("overlap")
        let articles = try Self.articles(240)
        let daemons = try await Self.fleet(3, table: table)
        let shares: [[(String, String)]] = [
            (0..<160).map { ("a\($0).txt", articles[$0]) },
            (80..<240).map { ("b\($0).txt", articles[$0]) },
            stride(from: 0, to: 240, by: 3).map { ("c\($0).txt", articles[$0]) }
                + (0..<30).map { ("c-resent\($0).txt", Self.resent(articles[$0])) },
        ]
        // Interleaved, so that the three inboxes fill at the same time.
        for index in 0..<shares.map(\.count).max()! {
            for (daemon, share) in zip(daemons, shares) where index < share.count {
                try daemon.drop(share[index].0, share[index].1)
            }
        }
        try await Self.waitUntilDrained(daemons, total: shares.map(\.count).reduce(0, +))
        try Self.expectEachArticleOnce(240, table: table)
        for daemon in daemons { #expect(try await daemon.stop() == 0) }
    }

    /// Two instances, each given `perInstance` articles, the second's starting at `offset`
    /// (so that they overlap), dropped in turn; returns once the first has `started` files done.
    static func overlappingBurst(table: String, distinct: Int, perInstance: Int, seed: UInt64, started: Int) async throws -> [DaemonHarness]
    {
        let articles = try Self.articles(distinct, seed: seed)
        let daemons = try await Self.fleet(2, table: table)
        let offset = distinct - perInstance
        for number in 0..<perInstance {
            try daemons[0].drop("a\(number).txt", articles[number])
            try daemons[1].drop("b\(number).txt", articles[offset + number])
        }
        try await daemons[0].waitUntil("some files are done") { daemons[0].names(in: daemons[0].done).count >= started }
        return daemons
    }

    @Test("an instance killed with SIGKILL in the middle of a burst loses nothing and writes nothing twice after its restart")
    func killedInstance() async throws {
        let table = PostgresTestServer.uniqueTable("kill")
        let daemons = try await Self.overlappingBurst(table: table, distinct: 500, perInstance: 300, seed: 11, started: 40)
        daemons[0].crash()
        #expect(!daemons[0].spoolIsEmpty, "the kill came after the burst")
        try await daemons[0].start()
        try await Self.waitUntilDrained(daemons, total: 600)
        try Self.expectEachArticleOnce(500, table: table)
        for daemon in daemons { #expect(try await daemon.stop() == 0) }
    }

    @Test("PostgreSQL stopped and started in the middle of a burst: instances report degraded, keep files, resume by themselves")
    func serverRestart() async throws {
        let table = PostgresTestServer.uniqueTable("restart")
        let daemons = try await Self.overlappingBurst(table: table, distinct: 400, perInstance: 250, seed: 13, started: 30)
        try PostgresTestServer.stop()
        // Files that arrive while the server is down: some are certain to wait, even when the
        // instances had drained the burst before the server stopped.
        let late = try Self.articles(440, seed: 13)[400...]
        for (number, article) in late.enumerated() { try daemons[number % 2].drop("late\(number).txt", article) }
        do {
            // A query cut off by the shutdown may wait out the 15 s transaction deadline first.
            try await daemons[0].waitUntil("an instance reports the failed write", timeout: 40) {
                daemons.contains { $0.log.contains("archive write failed; files wait in the spool") }
            }
            // While the server is down nothing leaves the spool.
            let stuck = daemons.map { $0.names(in: $0.inbox).count + $0.names(in: $0.work).count }
            try await Task.sleep(for: .seconds(1))
            #expect(daemons.map { $0.names(in: $0.inbox).count + $0.names(in: $0.work).count } == stuck)
        } catch {
            try PostgresTestServer.start()
            throw error
        }
        try PostgresTestServer.start()
        try await Self.waitUntilDrained(daemons, total: 540)
        try Self.expectEachArticleOnce(440, table: table)
        #expect(daemons.contains { $0.log.contains("archive writes succeed again") })
        for daemon in daemons { #expect(try await daemon.stop() == 0) }
    }

    @Test("PostgreSQL down at start-up: no READY=1, STATUS says why, files wait; it becomes ready and ingests once the server is back")
    func serverDownAtStart() async throws {
        try PostgresTestServer.require()
        let table = PostgresTestServer.uniqueTable("late")
        let daemon = try DaemonHarness(environment: PostgresTestServer.environment(table: table))
        let socket = try NotifySocket(in: daemon.root)
        daemon.environment["NOTIFY_SOCKET"] = socket.path
        try daemon.drop("early.txt", try Self.articles(1, seed: 23)[0])
        try PostgresTestServer.stop()
        do {
            try daemon.launch()
            try await daemon.waitUntil("the daemon reports PostgreSQL unreachable") { daemon.log.contains("cannot reach PostgreSQL") }
            try await daemon.waitUntil("STATUS= says what it waits for") {
                socket.drain().contains { $0.contains("STATUS=waiting for PostgreSQL at postgres://postgres@127.0.0.1") }
            }
            #expect(!socket.messages.contains { $0.contains("READY=1") })
            #expect(daemon.names(in: daemon.inbox) == ["early.txt"])
        } catch {
            try PostgresTestServer.start()
            throw error
        }
        try PostgresTestServer.start()
        try await daemon.waitUntil("READY=1 arrives", timeout: 60) { socket.drain().contains { $0.contains("READY=1") } }
        try await Self.waitUntilDrained([daemon], total: 1)
        try Self.expectEachArticleOnce(1, table: table)
        #expect(try await daemon.stop() == 0)
    }

    @Test("three instances starting together on a new table apply the migrations once and all become ready")
    func racedMigrations() async throws {
        try PostgresTestServer.require()
        let table = PostgresTestServer.uniqueTable("migrate")
        let daemons = try (0..<3).map { _ in try DaemonHarness(environment: PostgresTestServer.environment(table: table)) }
        for daemon in daemons { try daemon.launch() }
        for daemon in daemons {
            try await daemon.waitUntil("the daemon is ready") { daemon.log.contains("newsdrop is ready") }
        }
        #expect(try PostgresTestServer.query("SELECT version FROM newsdrop_schema WHERE table_name = '\(table)'") == ["1"])
        let found = daemons.map { $0.log.contains("schema_version_found=0") }
        #expect(found.filter { $0 }.count == 1, "exactly one instance created the table")
        let articles = try Self.articles(3, seed: 17)
        for (daemon, article) in zip(daemons, articles) { try daemon.drop("one.txt", article) }
        try await Self.waitUntilDrained(daemons, total: 3)
        try Self.expectEachArticleOnce(3, table: table)
        for daemon in daemons { #expect(try await daemon.stop() == 0) }
    }

    @Test("export and tail read the table as the file archive's JSON Lines; tail -f follows new records")
    func readers() async throws {
        let table = PostgresTestServer.uniqueTable("readers")
        let articles = try Self.articles(30, seed: 19)
        let daemon = try await Self.fleet(1, table: table)[0]
        for number in 0..<20 { try daemon.drop("a\(number).txt", articles[number]) }
        try await Self.waitUntilDrained([daemon], total: 20)
        let environment = PostgresTestServer.environment(table: table)

        let export = try CommandRun.newsdrop(["export"], environment: environment)
        #expect(export.status == 0, "\(export.stderr)")
        let lines = export.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 20)
        #expect(try SchemaValidation.problems(inJSONLines: export.stdout) == [])
        // The archive's own key order: the line starts as the file archive's lines do.
        #expect(lines.allSatisfy { $0.hasPrefix(#"{"schema_version":1,"id":""#) })
        let stored = try PostgresTestServer.query("SELECT id FROM \(table) ORDER BY seq")
        let exported = try lines.map {
            try #require((try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String)
        }
        #expect(exported == stored)

        let tail = try CommandRun.newsdrop(["tail", "-n", "3"], environment: environment)
        #expect(tail.stdout.split(separator: "\n").map(String.init) == Array(lines.suffix(3)))
        let filtered = try CommandRun.newsdrop(["export", "--grep", "Dispatch number 7\\. "], environment: environment)
        #expect(filtered.stdout.split(separator: "\n").count == 1)

        let follower = try BackgroundCommand(["tail", "-f", "-n", "0"], environment: environment)
        try await Task.sleep(for: .milliseconds(500))
        for number in 20..<30 { try daemon.drop("a\(number).txt", articles[number]) }
        try await daemon.waitUntil("tail -f printed the new records") { follower.stdout.split(separator: "\n").count == 10 }
        let followed = follower.stdout.split(separator: "\n").map(String.init)
        let all = try CommandRun.newsdrop(["export"], environment: environment).stdout.split(separator: "\n").map(String.init)
        #expect(followed == Array(all.suffix(10)))
        #expect(follower.stop() == 0)
        #expect(try await daemon.stop() == 0)
    }

    @Test(
        "tail --cursor-file on the table: a killed reader resumes after the last row it saved, and a cursor past the table's end is refused"
    )
    func cursor() async throws {
        let table = PostgresTestServer.uniqueTable("cursor")
        let articles = try Self.articles(30, seed: 23)
        let daemon = try await Self.fleet(1, table: table)[0]
        for number in 0..<10 { try daemon.drop("a\(number).txt", articles[number]) }
        try await Self.waitUntilDrained([daemon], total: 10)
        let environment = PostgresTestServer.environment(table: table)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cursor = folder.file("reader.cursor").path
        func saved() throws -> Int64? {
            let data = try Data(contentsOf: URL(fileURLWithPath: cursor))
            return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["seq"] as? Int64
        }
        let first = try BackgroundCommand(["tail", "-f", "--from-start", "--cursor-file", cursor], environment: environment)
        try await daemon.waitUntil("the first run printed 10 and saved") {
            first.stdout.split(separator: "\n").count == 10 && (try? saved()) != nil
        }
        for number in 10..<20 { try daemon.drop("a\(number).txt", articles[number]) }
        try await Self.waitUntilDrained([daemon], total: 20)
        try await daemon.waitUntil("the first run printed 20") { first.stdout.split(separator: "\n").count == 20 }
        #expect(first.stop(signal: SIGKILL) == SIGKILL)
        let savedAtKill = try #require(try saved())
        for number in 20..<30 { try daemon.drop("a\(number).txt", articles[number]) }
        try await Self.waitUntilDrained([daemon], total: 30)
        let second = try CommandRun.newsdrop(["tail", "-n", "1", "--cursor-file", cursor], environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        let stored = try PostgresTestServer.query("SELECT id FROM \(table) WHERE seq > \(savedAtKill) ORDER BY seq")
        let printed = second.stdout.split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String ?? ""
        }
        #expect(printed == stored)
        #expect(printed.count >= 10)
        #expect(try saved() == Int64(try PostgresTestServer.query("SELECT max(seq) FROM \(table)")[0]))
        FileManager.default.createFile(atPath: cursor, contents: Data("{\"backend\":\"postgres\",\"seq\":999999}".utf8))
        let past = try CommandRun.newsdrop(["tail", "--cursor-file", cursor], environment: environment)
        #expect(past.status == 78)
        let newest = try CommandRun.newsdrop(["tail", "--cursor-file", cursor, "--cursor-missing", "newest"], environment: environment)
        #expect(newest.status == 0 && newest.stdout.isEmpty, "\(newest.stderr)")
        #expect(try await daemon.stop() == 0)
    }

    @Test("stats and verify read the table: the same counts as from a file, and a row whose columns disagree with its record is reported")
    func statsAndVerify() async throws {
        let table = PostgresTestServer.uniqueTable("stats")
        let articles = try Self.articles(12, seed: 29)
        let daemon = try await Self.fleet(1, table: table)[0]
        for number in 0..<12 { try daemon.drop("a\(number).txt", articles[number]) }
        try daemon.drop("a0-again.txt", articles[0])
        try await Self.waitUntilDrained([daemon], total: 13)
        #expect(try await daemon.stop() == 0)
        let environment = PostgresTestServer.environment(table: table)
        let stats = try CommandRun.newsdrop(["stats", "--json"], environment: environment)
        #expect(stats.status == 0, "\(stats.stderr)")
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(counts["records"] as? Int == 12)
        // The same lines in a file give the same counts.
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.file("export.jsonl")
        let export = try CommandRun.newsdrop(["export"], environment: environment)
        try Data(export.stdout.utf8).write(to: file)
        let fromFile = try CommandRun.newsdrop(["stats", "--json", "--archive", file.path], environment: environment)
        let fileCounts = try #require(try JSONSerialization.jsonObject(with: Data(fromFile.stdout.utf8)) as? [String: Any])
        for key in ["records", "by_day", "by_source", "by_language", "by_input_format"] {
            #expect("\(counts[key] ?? "")" == "\(fileCounts[key] ?? "")", "\(key)")
        }
        // --archive wins over backend: postgres in every command that reads records.
        let someLines = Array(export.stdout.split(separator: "\n").prefix(5)).joined(separator: "\n") + "\n"
        let partial = folder.file("partial.jsonl")
        try Data(someLines.utf8).write(to: partial)
        for command in [["export"], ["tail", "--lines", "100"], ["stats", "--format", "json"]] {
            let run = try CommandRun.newsdrop(command + ["--archive", partial.path], environment: environment)
            #expect(run.status == 0, "\(command): \(run.stderr)")
            if command[0] == "stats" {
                #expect(run.stdout.contains("\"records\":5"), "\(run.stdout)")
            } else {
                #expect(run.stdout == someLines, "\(command) read \(run.stdout.split(separator: "\n").count) lines")
            }
        }
        let sound = try CommandRun.newsdrop(["verify"], environment: environment)
        #expect(sound.status == 0, "\(sound.stdout) \(sound.stderr)")
        #expect(sound.stderr.contains("12 records checked, 0 problems"))
        _ = try PostgresTestServer.query("UPDATE \(table) SET language = 'xx' WHERE seq = (SELECT min(seq) FROM \(table))")
        _ = try PostgresTestServer.query(
            """
            UPDATE \(table) SET record = jsonb_set(record, '{title}', '"Changed"') WHERE seq = (SELECT max(seq) FROM \(table))
            """)
        let broken = try CommandRun.newsdrop(["verify"], environment: environment)
        #expect(broken.status == 65)
        #expect(broken.stdout.contains("column language xx differs"), "\(broken.stdout)")
        #expect(broken.stdout.contains("does not match the record's canonical text"), "\(broken.stdout)")
    }

    @Test("an unreachable server, a bad table name, or a file-only command on the table ends with a clear error and a sysexits code")
    func commandErrors() throws {
        let unreachable = try CommandRun.newsdrop(
            ["export"],
            environment: [
                "NEWSDROP_BACKEND": "postgres", "NEWSDROP_POSTGRES_URL": "postgres://postgres@127.0.0.1:1/none?sslmode=disable",
                "NEWSDROP_POSTGRES_CONNECT_TIMEOUT": "2",
            ])
        #expect(unreachable.status == 69)
        #expect(unreachable.stderr.contains("connecting to postgres://postgres@127.0.0.1:1/none"), "\(unreachable.stderr)")
        let badTable = try CommandRun.newsdrop(
            ["export"],
            environment: [
                "NEWSDROP_BACKEND": "postgres", "NEWSDROP_POSTGRES_URL": PostgresTestServer.url,
                "NEWSDROP_POSTGRES_TABLE": "Robert'); DROP",
            ])
        #expect(badTable.status == 78)
        #expect(badTable.stderr.contains("postgres.table"))
        for command in ["reindex"] {
            let fileOnly = try CommandRun.newsdrop([command], environment: ["NEWSDROP_BACKEND": "postgres"])
            #expect(fileOnly.status == 78, "\(command)")
            #expect(fileOnly.stderr.contains("use newsdrop export"), "\(command): \(fileOnly.stderr)")
        }
        let noURL = try CommandRun.newsdrop(["export"], environment: ["NEWSDROP_BACKEND": "postgres"])
        #expect(noURL.status == 78)
        #expect(noURL.stderr.contains("NEWSDROP_POSTGRES_URL"))
    }
}
