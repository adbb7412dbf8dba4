public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the real `newsdrop run` binary on a temporary spool, archive and state folder.
public final class DaemonHarness: @unchecked Sendable {
    public let root: TemporaryFolder
    public var spool: URL { root.file("spool") }
    public var inbox: URL { spool.appendingPathComponent("inbox") }
    public var done: URL { spool.appendingPathComponent("done") }
    public var failed: URL { spool.appendingPathComponent("failed") }
    public var work: URL { spool.appendingPathComponent("work") }
    public var archive: URL { root.file("archive.jsonl") }
    public var state: URL { root.file("state") }
    public var stderrLog: URL { root.file("stderr-\(runs).log") }
    private var process: Process?
    private var runs = 0
    /// Environment variables for every run, on top of a debug log level on stderr and a long rescan
    /// interval. An empty value removes a variable.
    public var environment: [String: String]
    /// True to record each end with `newsdrop record-exit` as the unit's `ExecStopPost=` does;
    /// false for a daemon outside systemd (`make run`, a container, another supervisor).
    public var reportsExits = true
    /// The signal that ended the last run, `nil` when it exited.
    public private(set) var lastEndSignal: Int32?

    public init(environment: [String: String] = [:]) throws {
        root = try TemporaryFolder("newsdrop-it")
        self.environment = environment
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        root.remove()
    }

    /// The running daemon's process id.
    public var pid: Int32? { process?.processIdentifier }

    /// Starts the daemon and waits until `ready` holds (by default: it logs on stderr that it is ready).
    public func start(arguments: [String] = [], ready: (@Sendable (DaemonHarness) throws -> Bool)? = nil) async throws {
        try launch(arguments: arguments)
        try await waitUntil("the daemon is ready") { try ready?(self) ?? self.log.contains("newsdrop is ready") }
    }

    /// Starts the daemon without waiting for it to be ready.
    public func launch(arguments: [String] = []) throws {
        runs += 1
        let process = Process()
        process.executableURL = TestPaths.binary
        process.arguments = ["run", "--spool", spool.path, "--archive", archive.path, "--state", state.path] + arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("NEWSDROP_") }
        environment["NEWSDROP_LOG_LEVEL"] = "debug"
        environment["NEWSDROP_LOG_TARGET"] = "stderr"
        environment["NEWSDROP_RESCAN_INTERVAL"] = "3600"
        environment.merge(self.environment) { $1 }
        environment = environment.filter { !$0.value.isEmpty }
        process.environment = environment
        FileManager.default.createFile(atPath: stderrLog.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderrLog)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    /// Kills the daemon with SIGKILL, as `kill -9` would, waits for it to be gone, and records the
    /// exit as systemd's `ExecStopPost=` would (when ``reportsExits``).
    public func crash() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
        recordExit(of: process)
    }

    /// Waits until the daemon ends by itself (a crash), then records its exit as systemd's
    /// `ExecStopPost=` would. False as soon as `settled` holds while it runs; fails the test when
    /// neither happens within `timeout` seconds.
    public func waitForCrash(timeout: Double, unless settled: () throws -> Bool) async throws -> Bool {
        guard let process else { return false }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if try settled() { return false }
            if Date() > deadline { throw HarnessError("neither a crash nor the end state within \(timeout) s; log:\n\(log)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        self.process = nil
        recordExit(of: process)
        return true
    }

    /// Aborts the daemon with SIGABRT once no WATCHDOG=1 (or READY=1) has reached `socket` for
    /// `limit`, as systemd's watchdog does, and records the exit with `SERVICE_RESULT=watchdog`.
    /// False as soon as `settled` holds while it keeps pinging; fails the test when neither
    /// happens within `timeout` seconds.
    public func abortWhenPingsStop(
        _ socket: NotifySocket, limit: Duration, timeout: Double, unless settled: () throws -> Bool
    ) async throws -> Bool {
        guard let process else { return false }
        let deadline = Date().addingTimeInterval(timeout)
        var seen = socket.drain().count
        var lastPing = ContinuousClock.now
        while Date() < deadline {
            if try settled() { return false }
            let messages = socket.drain()
            if messages[seen...].contains(where: { $0 == "WATCHDOG=1" || $0.contains("READY=1") }) { lastPing = .now }
            seen = messages.count
            if !process.isRunning { return false }
            if ContinuousClock.now - lastPing > limit {
                kill(process.processIdentifier, SIGABRT)
                // systemd follows with SIGKILL after TimeoutAbortSec; a daemon still running then
                // has failed to end on SIGABRT, which the test must see.
                let abortDeadline = Date().addingTimeInterval(10)
                while process.isRunning, Date() < abortDeadline { try await Task.sleep(for: .milliseconds(20)) }
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                    throw HarnessError("the daemon did not end within 10 s of SIGABRT; log:\n\(log)")
                }
                self.process = nil
                recordExit(of: process, result: "watchdog")
                return true
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw HarnessError("neither a watchdog abort nor the end state within \(timeout) s; log:\n\(log)")
    }

    /// Notes how `process` ended and, when ``reportsExits``, runs `newsdrop record-exit` with the
    /// SERVICE_RESULT, EXIT_CODE and EXIT_STATUS systemd gives `ExecStopPost=` for it.
    public func recordExit(of process: Process, result: String? = nil) {
        lastEndSignal = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        guard reportsExits else { return }
        let names: [Int32: String] = [
            SIGKILL: "KILL", SIGTERM: "TERM", SIGABRT: "ABRT", SIGILL: "ILL", SIGTRAP: "TRAP", SIGSEGV: "SEGV", SIGBUS: "BUS",
        ]
        var environment: [String: String]
        if process.terminationReason == .uncaughtSignal {
            let signal = process.terminationStatus
            environment = ["SERVICE_RESULT": result ?? "signal", "EXIT_CODE": "killed", "EXIT_STATUS": names[signal] ?? "\(signal)"]
        } else {
            let status = process.terminationStatus
            environment = [
                "SERVICE_RESULT": result ?? (status == 0 ? "success" : "exit-code"), "EXIT_CODE": "exited", "EXIT_STATUS": "\(status)",
            ]
        }
        _ = try? CommandRun.newsdrop(["record-exit", "--state", state.path], environment: environment)
    }

    /// Runs `newsdrop verify` on this archive and state; returns its exit status and output.
    public func verify() throws -> CommandRun {
        try CommandRun.newsdrop(["verify", "--archive", archive.path, "--state", state.path])
    }

    /// Sends a signal to the running daemon.
    public func signal(_ number: Int32) {
        if let process { kill(process.processIdentifier, number) }
    }

    /// Sends SIGTERM and returns the exit status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) async throws -> Int32 {
        guard let process else { return -1 }
        kill(process.processIdentifier, signal)
        try await waitUntil("the daemon exits", timeout: 30) { !process.isRunning }
        self.process = nil
        return process.terminationStatus
    }

    public var isRunning: Bool { process?.isRunning ?? false }

    /// What the current (or last) run wrote to standard error.
    public var log: String {
        (try? String(contentsOf: stderrLog, encoding: .utf8)) ?? ""
    }

    /// Writes `content` under a temporary name, then renames it into the inbox, as writers should.
    public func drop(_ name: String, _ content: String) throws {
        try drop(name, Data(content.utf8))
    }

    public func drop(_ name: String, _ content: Data) throws {
        let temporary = inbox.appendingPathComponent(".\(name).tmp")
        try content.write(to: temporary)
        guard rename(temporary.path, inbox.appendingPathComponent(name).path) == 0 else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// True when no file waits in the inbox or in work/.
    public var spoolIsEmpty: Bool { names(in: inbox).isEmpty && names(in: work).isEmpty }

    public func names(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// The archive's records, decoded.
    public func records() throws -> [[String: Any]] {
        guard let data = try? Data(contentsOf: archive) else { return [] }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    /// The `reason` of `failed/NAME.error.json`.
    public func failureReason(_ name: String) -> String? {
        guard let data = try? Data(contentsOf: failed.appendingPathComponent(name + ".error.json")),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["reason"] as? String
    }

    /// Polls `condition` every 20 ms until it holds; fails the test after `timeout` seconds. The
    /// condition is checked once more after the deadline, so a test whose threads were held by
    /// others past it still sees what the daemon did meanwhile.
    public func waitUntil(_ what: String, timeout: Double = 20, _ condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if try condition() { return }
            if let process, !process.isRunning, !what.contains("exits") {
                throw HarnessError("the daemon exited (status \(process.terminationStatus)) while waiting until \(what); log:\n\(log)")
            }
            if Date() > deadline { throw HarnessError("timed out waiting until \(what); log:\n\(log)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// A harness failure with its explanation.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
