import ArgumentParser
import NewsdropDaemon
import NewsdropIO
import NewsdropPostgres

/// The BSD `sysexits.h` codes newsdrop exits with, so scripts can tell failures apart: each code
/// with what it means, and the one mapping from an error to its code that every command uses.
/// The exit-status lists of `--help` and the README are made from these.
enum ExitStatus: Int32, CaseIterable {
    /// The input data was incorrect: a file could not be parsed, or `verify` found a problem.
    case dataError = 65
    /// An input file did not exist or was not readable.
    case noInput = 66
    /// A service the command needs (the PostgreSQL server) is unavailable.
    case unavailable = 69
    /// An internal software error.
    case software = 70
    /// An operating system facility failed: a socket could not be bound, a watch or signal
    /// handler could not be set up.
    case osError = 71
    /// An output file could not be created.
    case cannotCreate = 73
    /// An I/O error while reading or writing a file or folder.
    case ioError = 74
    /// A temporary failure: try again later (the state is in use by another process).
    case tempFail = 75
    /// The configuration was wrong.
    case config = 78

    /// The code to throw from a command.
    var code: ExitCode { ExitCode(rawValue) }

    /// What the status means, as the exit-status lists say it.
    var meaning: String {
        switch self {
        case .dataError: "a file could not be parsed, or verify found a problem"
        case .noInput: "an input file is missing"
        case .unavailable: "the PostgreSQL server cannot be reached"
        case .software: "an internal error"
        case .osError: "a system facility failed (a taken metrics.listen address, inotify, a signal handler)"
        case .cannotCreate: "an output file could not be created"
        case .ioError: "a file or folder could not be read or written"
        case .tempFail: "the state folder is in use by another newsdrop"
        case .config: "a bad setting"
        }
    }

    /// "Exit status: 0 success; 65 …; 78 a bad setting." for `--help`, over `statuses`.
    static func summary(_ statuses: [ExitStatus] = allCases, success: String = "success") -> String {
        "Exit status: 0 \(success); " + statuses.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: "; ") + "."
    }

    /// The status an error ends a command with; `otherwise` for an error of no known kind.
    static func of(_ error: any Error, otherwise: ExitStatus = .software) -> ExitCode {
        switch error {
        case let code as ExitCode: code
        case let error as SettingsError: (error.isMissingFile ? noInput : config).code
        case let error as PostgresError: (error.isConfiguration ? config : unavailable).code
        case is StateInUse: tempFail.code
        case let error as SystemError: (error.isSystemFacility ? osError : ioError).code
        default: otherwise.code
        }
    }

    /// Says on standard error what went wrong and gives the status to end with; an `ExitCode`
    /// (whose command already said why) passes through silently.
    static func failure(_ error: any Error, otherwise: ExitStatus = .software) -> ExitCode {
        switch error {
        case let code as ExitCode: return code
        case let error as SettingsError: printError("newsdrop: \(error.message)")
        default: printError("newsdrop: \(error)")
        }
        return of(error, otherwise: otherwise)
    }
}

extension SystemError {
    /// True when the call that failed sets up a system facility (a socket, a watch, a signal
    /// handler) rather than reading or writing a file or folder.
    var isSystemFacility: Bool {
        ["bind", "sigaction", "inotify_init1", "inotify_add_watch", "eventfd"].contains(operation)
    }
}
