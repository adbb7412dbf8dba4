import Foundation
public import NewsdropIO

/// How the last run of the daemon ended, as the service manager tells `ExecStopPost=` commands
/// (`SERVICE_RESULT`, `EXIT_CODE`, `EXIT_STATUS`). `newsdrop record-exit` keeps it in
/// `STATE/last-exit`; the next start reads it once and tells it along in the journal and in a
/// quarantine note. It blames no file: only newsdrop's own evidence does (``LastEnd``).
public struct ExitReport: Sendable, Equatable, CustomStringConvertible {
    public static let fileName = "last-exit"
    static let keys = ["SERVICE_RESULT", "EXIT_CODE", "EXIT_STATUS"]

    /// `success`, `signal`, `core-dump`, `watchdog`, `timeout`, `exit-code`, `oom-kill`, ...
    public var serviceResult: String?
    /// `exited`, `killed` or `dumped`.
    public var exitCode: String?
    /// The exit status, or the signal's name (`KILL`, `SEGV`, `ABRT`, ...).
    public var exitStatus: String?

    /// The report in the environment systemd gives `ExecStopPost=`; `nil` when it gives none.
    public init?(environment: [String: String]) {
        serviceResult = environment["SERVICE_RESULT"].flatMap { $0.isEmpty ? nil : $0 }
        exitCode = environment["EXIT_CODE"].flatMap { $0.isEmpty ? nil : $0 }
        exitStatus = environment["EXIT_STATUS"].flatMap { $0.isEmpty ? nil : $0 }
        if serviceResult == nil, exitCode == nil, exitStatus == nil { return nil }
    }

    /// `SERVICE_RESULT=core-dump EXIT_CODE=dumped EXIT_STATUS=TRAP`, the fields that are known.
    public var description: String {
        zip(Self.keys, [serviceResult, exitCode, exitStatus]).compactMap { key, value in value.map { "\(key)=\($0)" } }
            .joined(separator: " ")
    }

    /// Writes the report to `STATE/last-exit`.
    public func write(stateDirectory: String) throws(SystemError) {
        let text = zip(Self.keys, [serviceResult, exitCode, exitStatus]).map { "\($0)=\($1 ?? "")\n" }.joined()
        try FileIO.makeDirectories(stateDirectory)
        try FileIO.writeAtomically(Array(text.utf8), to: stateDirectory + "/" + Self.fileName)
    }

    /// Reads and removes the report of the run before this one; `nil` when none was recorded.
    static func take(stateDirectory: String) -> ExitReport? {
        let path = stateDirectory + "/" + fileName
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        unlink(path)
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return ExitReport(environment: fields)
    }
}
