import ArgumentParser

/// The BSD `sysexits.h` codes newsdrop exits with, so scripts can tell failures apart.
enum ExitStatus {
    /// The input data was incorrect: a file could not be parsed.
    static let dataError = ExitCode(65)
    /// An input file did not exist or was not readable.
    static let noInput = ExitCode(66)
    /// A service the command needs (the PostgreSQL server) is unavailable.
    static let unavailable = ExitCode(69)
    /// An internal software error.
    static let software = ExitCode(70)
    /// An operating system error: a file or folder could not be created or opened.
    static let osError = ExitCode(71)
    /// An output file could not be created.
    static let cannotCreate = ExitCode(73)
    /// An I/O error while reading or writing.
    static let ioError = ExitCode(74)
    /// A temporary failure: try again later (the state is in use by another process).
    static let tempFail = ExitCode(75)
    /// The configuration was wrong.
    static let config = ExitCode(78)
}
