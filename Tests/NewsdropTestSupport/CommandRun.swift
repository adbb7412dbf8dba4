import Foundation

/// The outcome of running the `newsdrop` binary once to completion.
public struct CommandRun: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// Runs `newsdrop ARGUMENTS...` and collects its output.
    public static func newsdrop(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandRun {
        try run(TestPaths.binary, arguments, environment: environment)
    }

    /// Starts a program with no standard input and its output in `folder`'s files `out` and `err`.
    static func launch(
        _ executable: URL, _ arguments: [String], environment: [String: String],
        outputIn folder: TemporaryFolder
    ) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        FileManager.default.createFile(atPath: folder.file("out").path, contents: nil)
        FileManager.default.createFile(atPath: folder.file("err").path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: folder.file("out"))
        process.standardError = try FileHandle(forWritingTo: folder.file("err"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> CommandRun {
        let folder = try TemporaryFolder("newsdrop-cmd")
        defer { folder.remove() }
        let process = try launch(executable, arguments, environment: environment, outputIn: folder)
        process.waitUntilExit()
        return CommandRun(
            status: process.terminationStatus,
            stdout: try String(contentsOf: folder.file("out"), encoding: .utf8),
            stderr: try String(contentsOf: folder.file("err"), encoding: .utf8))
    }
}
