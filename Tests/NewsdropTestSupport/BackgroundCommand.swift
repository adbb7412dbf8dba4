public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `newsdrop` command running in the background with its output going to files.
public final class BackgroundCommand: @unchecked Sendable {
    private let process = Process()
    private let folder: TemporaryFolder

    public init(_ arguments: [String]) throws {
        folder = try TemporaryFolder("newsdrop-bg")
        process.executableURL = TestPaths.binary
        process.arguments = arguments
        FileManager.default.createFile(atPath: folder.file("out").path, contents: nil)
        FileManager.default.createFile(atPath: folder.file("err").path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: folder.file("out"))
        process.standardError = try FileHandle(forWritingTo: folder.file("err"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        folder.remove()
    }

    public var stdout: String { (try? String(contentsOf: folder.file("out"), encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOf: folder.file("err"), encoding: .utf8)) ?? "" }
    public var isRunning: Bool { process.isRunning }

    /// Sends `signal` and waits for the exit; returns the exit status.
    public func stop(signal: Int32 = SIGTERM) -> Int32 {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }
}
