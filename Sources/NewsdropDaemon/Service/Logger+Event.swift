public import Logging
public import NewsdropSystemd

extension Logger {
    /// Logs an event of a known kind: the kind goes into the `event` metadata key, from which the
    /// journald handler derives the MESSAGE_ID.
    public func event(
        _ kind: LogEventKind, _ level: Logger.Level, _ message: @autoclosure () -> Logger.Message,
        _ metadata: Logger.Metadata = [:],
        file: String = #fileID, function: String = #function, line: UInt = #line
    ) {
        var metadata = metadata
        metadata[LogEventKind.metadataKey] = .string(kind.rawValue)
        log(level: level, message(), metadata: metadata, file: file, function: function, line: line)
    }
}
