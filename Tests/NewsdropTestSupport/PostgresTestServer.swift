import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The throwaway PostgreSQL cluster `scripts/ensure-postgres` starts for the tests (`make test`
/// and CI start it first). Tests that need it fail, never skip, when it is not running.
public enum PostgresTestServer {
    public static let directory = ProcessInfo.processInfo.environment["NEWSDROP_TEST_PG_DIR"] ?? "/tmp/newsdrop-test-pg"
    public static let port = ProcessInfo.processInfo.environment["NEWSDROP_TEST_PG_PORT"] ?? "54329"
    public static let database = "newsdrop_test"

    /// The URL the daemons connect with.
    public static var url: String { "postgres://postgres@127.0.0.1:\(port)/\(database)?sslmode=disable" }

    /// Throws, with what to do, unless the cluster answers.
    public static func require() throws {
        let run = try psql(["-c", "SELECT 1"])
        guard run.status == 0 else {
            throw HarnessError(
                """
                the test PostgreSQL on 127.0.0.1:\(port) does not answer (run scripts/ensure-postgres, as make test does): \
                \(run.stderr)
                """)
        }
    }

    /// A table name no other test uses.
    public static func uniqueTable(_ prefix: String) -> String {
        "\(prefix)_\(UInt32.random(in: 0...UInt32.max))"
    }

    /// The environment that points a daemon or a command at `table`.
    public static func environment(table: String) -> [String: String] {
        ["NEWSDROP_BACKEND": "postgres", "NEWSDROP_POSTGRES_URL": url, "NEWSDROP_POSTGRES_TABLE": table]
    }

    /// Runs one SQL statement; returns its rows, columns separated by `|`.
    public static func query(_ sql: String) throws -> [String] {
        let run = try psql(["-c", sql])
        guard run.status == 0 else { throw HarnessError("psql failed on \(sql): \(run.stderr)") }
        return run.stdout.split(separator: "\n").map(String.init)
    }

    /// Stops the server (fast shutdown: open connections are cut).
    public static func stop() throws {
        try pgctl(["stop", "-m", "fast", "-w"])
    }

    /// Starts the server again on the same data and port.
    public static func start() throws {
        try pgctl([
            "start", "-w", "-l", "\(directory)/server.log",
            "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c max_connections=200",
        ])
    }

    private static func psql(_ arguments: [String]) throws -> CommandRun {
        try CommandRun.run(
            URL(fileURLWithPath: "/usr/bin/psql"),
            ["-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", database, "-At", "-v", "ON_ERROR_STOP=1"] + arguments,
            environment: [:])
    }

    /// Runs pg_ctl (as the postgres user when root) and waits for it with `waitpid`. Not through
    /// Foundation's `Process`: the server pg_ctl starts inherits the descriptor `Process` watches
    /// for the exit, so the wait would last as long as the server.
    private static func pgctl(_ arguments: [String]) throws {
        let bindir = try String(contentsOfFile: "\(directory)/bindir", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let command = ["\(bindir)/pg_ctl", "-D", "\(directory)/data"] + arguments
        let argv = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + command : command
        let log = "\(directory)/pg_ctl.log"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The server outlives pg_ctl: it must not hold the test process's descriptors (a file a
        // test is still writing would never be closed for the daemon that watches it).
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let cArguments = argv.map { strdup($0) } + [nil]
        defer {
            for argument in cArguments { free(argument) }
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ) == 0 else {
            throw HarnessError("could not start \(argv[0])")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        guard status == 0 else {
            throw HarnessError("pg_ctl \(arguments[0]) failed (status \(status)); see \(log)")
        }
    }
}
