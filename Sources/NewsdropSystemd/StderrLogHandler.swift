import Foundation
public import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// A swift-log handler that writes one readable line per event to standard error:
/// `2026-11-29T04:33:50Z warning file rejected: ... reason=empty source_file=a.txt`.
///
/// Used on a terminal, when stderr is not connected to journald, and as the fallback when
/// journald refuses an entry. Each line is written with one `write`, so lines never interleave.
public struct StderrLogHandler: SharedLevelLogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public let level: LogLevelSetting

    public init(level: LogLevelSetting) {
        self.level = level
    }

    public func log(event: LogEvent) {
        let merged = mergedMetadata(event)
        var line = "\(Self.timestamp()) \(event.level) \(event.message)"
        for key in merged.keys.sorted() {
            line += " \(key)=\(Self.quoted("\(merged[key]!)"))"
        }
        line += "\n"
        _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }

    /// Values with spaces or quotes are quoted, so a line splits back into its fields.
    static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "\n" }) else { return value }
        return "\""
            + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec, now.tv_nsec / 1_000_000)
    }
}
