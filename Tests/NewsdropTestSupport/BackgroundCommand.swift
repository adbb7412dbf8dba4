public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `newsdrop` command running in the background with its output going to files.
public final class BackgroundCommand: @unchecked Sendable {
    private let process: Process
    private let folder: TemporaryFolder

    public init(_ arguments: [String], environment: [String: String] = [:]) throws {
        folder = try TemporaryFolder("newsdrop-bg")
        process = try CommandRun.launch(TestPaths.binary, arguments, environment: environment, outputIn: folder)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        folder.remove()
    }

    public var stdout: String { (try? String(contentsOf: folder.file("out"), encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOf: folder.file("err"), encoding: .utf8)) ?? "" }
    public var isRunning: Bool { process.isRunning }
    public var pid: Int32 { process.processIdentifier }

    /// True while the command has `path` open (one of its descriptors links to it).
    public func holdsOpen(_ path: String) -> Bool {
        let folder = "/proc/\(pid)/fd"
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).contains {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\($0)")) == target
        }
    }

    /// Sends `signal` and waits for the exit; returns the exit status.
    public func stop(signal: Int32 = SIGTERM) -> Int32 {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }
}
