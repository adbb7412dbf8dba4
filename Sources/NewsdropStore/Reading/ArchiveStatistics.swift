import Foundation
public import NewsdropCore

/// Counts of an archive's records by publication day, source, language and input format.
public struct ArchiveStatistics: Sendable, Equatable {
    public var records = 0
    public var markedNearDuplicates = 0
    public var byDay: [String: Int] = [:]
    public var bySource: [String: Int] = [:]
    public var byLanguage: [String: Int] = [:]
    public var byInputFormat: [String: Int] = [:]
    public var unreadableLines = 0

    public static let unknown = "unknown"

    public init() {}

    /// Counts one archive line (a record, or an unreadable line).
    public mutating func add(line: UnsafeBufferPointer<UInt8>) {
        guard let record = JSONValue(parsing: Data(line))?.object else {
            unreadableLines += 1
            return
        }
        add(record)
    }

    mutating func add(_ record: [String: JSONValue]) {
        records += 1
        if record["near_duplicate_of"]?.string != nil { markedNearDuplicates += 1 }
        let day = record["date_published"]?.string.map { String($0.prefix(10)) } ?? Self.unknown
        byDay[day, default: 0] += 1
        bySource[record["source_name"]?.string ?? Self.unknown, default: 0] += 1
        byLanguage[record["language"]?.string ?? Self.unknown, default: 0] += 1
        byInputFormat[record["input_format"]?.string ?? Self.unknown, default: 0] += 1
    }
}
