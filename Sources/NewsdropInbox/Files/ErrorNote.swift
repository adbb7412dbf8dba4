import Foundation
import NewsdropCore

/// `NAME.error.json` beside a file in `failed/` (or in `done/` when some of its items were
/// skipped): why the file, or some of its items, was not ingested.
struct ErrorNote: Encodable {
    var file: EntryName
    var reason: String
    var message: String
    var items: [SkippedItem]
    var history: CrashHistory?
    var time: Date

    private enum Key: String, CodingKey {
        case file
        case fileHex = "file_hex"
        case reason, message, items, crashes, evidence
        case lastExit = "last_exit"
        case time
    }

    private enum ItemKey: String, CodingKey {
        case index, reason, message
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(file.description, forKey: .file)
        if !file.isValidUTF8 { try container.encode(file.hex, forKey: .fileHex) }
        try container.encode(reason, forKey: .reason)
        try container.encode(message, forKey: .message)
        if !items.isEmpty {
            var list = container.nestedUnkeyedContainer(forKey: .items)
            for item in items {
                var entry = list.nestedContainer(keyedBy: ItemKey.self)
                try entry.encode(item.index, forKey: .index)
                try entry.encode(item.reason, forKey: .reason)
                try entry.encode(item.message, forKey: .message)
            }
        }
        if let history {
            try container.encode(history.crashes, forKey: .crashes)
            try container.encode(history.evidence, forKey: .evidence)
            // Present and null when no service manager reported the end.
            try container.encode(history.lastExit, forKey: .lastExit)
        }
        try container.encode(CivilCalendar.rfc3339UTC(time), forKey: .time)
    }

    /// The note as one line of JSON and a newline.
    func bytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }
}
