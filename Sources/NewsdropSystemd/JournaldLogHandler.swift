import CSystemd
import Foundation
public import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A swift-log handler that sends structured entries to journald with `sd_journal_sendv`.
///
/// Each entry carries MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, CODE_FILE/CODE_LINE/CODE_FUNC, the
/// MESSAGE_ID of its ``LogEventKind`` and every metadata value as a field of its own (see
/// ``JournalFields``). When journald refuses an entry it is written to standard error instead.
public struct JournaldLogHandler: SharedLevelLogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public let level: LogLevelSetting
    private let identifier: String
    private let fallback: StderrLogHandler

    /// A handler whose level follows `level`, which a reload may change.
    public init(identifier: String = "newsdrop", level: LogLevelSetting) {
        self.identifier = identifier
        self.level = level
        fallback = StderrLogHandler(level: level)
    }

    public func log(event: LogEvent) {
        let merged = mergedMetadata(event)
        var fields: [String] = [
            "MESSAGE=\(event.message)",
            "PRIORITY=\(Self.priority(event.level))",
            "SYSLOG_IDENTIFIER=\(identifier)",
            "CODE_FILE=\(event.file)",
            "CODE_LINE=\(event.line)",
            "CODE_FUNC=\(event.function)",
        ]
        if case .string(let name)? = merged[LogEventKind.metadataKey], let kind = LogEventKind(rawValue: name) {
            fields.append("MESSAGE_ID=\(kind.messageID)")
            fields.append("EVENT=\(kind.rawValue)")
        }
        for (key, value) in merged where key != LogEventKind.metadataKey {
            fields.append("\(JournalFields.name(forMetadataKey: key))=\(value)")
        }
        if Self.send(fields) < 0 {
            fallback.log(event: event)
        }
    }

    /// Sends the fields with one `sd_journal_sendv` call; returns its result (negative on failure).
    static func send(_ fields: [String]) -> Int32 {
        let total = fields.reduce(0) { $0 + $1.utf8.count }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 1)
        defer { storage.deallocate() }
        var vectors: [iovec] = []
        vectors.reserveCapacity(fields.count)
        var offset = 0
        for field in fields {
            let length = field.utf8.count
            let target = UnsafeMutableRawBufferPointer(rebasing: storage[offset..<(offset + length)])
            _ = target.initializeMemory(as: UInt8.self, from: field.utf8)
            vectors.append(iovec(iov_base: target.baseAddress, iov_len: length))
            offset += length
        }
        return sd_journal_sendv(vectors, Int32(vectors.count))
    }

    /// syslog priorities: 7 debug ... 2 critical.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
