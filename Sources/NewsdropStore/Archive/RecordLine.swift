public import NewsdropCore
import Foundation

/// Reads what the store needs from one archive line without decoding the whole record.
public enum RecordLine {
    private static let writerPrefix = Array(#"{"schema_version":1,"id":""#.utf8)

    /// The record's id: read straight from the position newsdrop writes it at, else by decoding
    /// the JSON. `nil` when the line is not a JSON object with a valid `id`.
    public static func id(in line: UnsafeBufferPointer<UInt8>) -> ArticleID? {
        let prefix = writerPrefix.count
        if line.count > prefix + 33, line.starts(with: writerPrefix), line[prefix + 32] == UInt8(ascii: "\"") {
            return ArticleID(hex: String(decoding: UnsafeBufferPointer(rebasing: line[prefix..<(prefix + 32)]), as: UTF8.self))
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
              let hex = object["id"] as? String
        else { return nil }
        return ArticleID(hex: hex)
    }
}
