import CSystemd
public import Foundation
public import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Where log entries go: journald's native protocol or readable lines on standard error.
public enum LogTarget: String, Sendable, CaseIterable {
    /// journald when standard error is connected to it (systemd's JOURNAL_STREAM), else stderr.
    case auto
    /// Always journald, falling back to stderr for an entry journald refuses.
    case journal
    /// Always readable lines on standard error.
    case stderr

    /// Resolves `auto`: journald when stderr is the stream systemd named in JOURNAL_STREAM.
    public func resolved(environment: [String: String] = ProcessInfo.processInfo.environment) -> LogTarget {
        guard self == .auto else { return self }
        guard let stream = environment["JOURNAL_STREAM"] else { return .stderr }
        let parts = stream.split(separator: ":")
        var info = stat()
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]),
            fstat(STDERR_FILENO, &info) == 0
        else { return .stderr }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode ? .journal : .stderr
    }

    /// A handler factory for `LoggingSystem.bootstrap`.
    public func makeHandler(level: LogLevelSetting) -> any LogHandler {
        switch resolved() {
        case .journal: JournaldLogHandler(level: level)
        case .auto, .stderr: StderrLogHandler(level: level)
        }
    }
}
