import Foundation

/// Reads what the store needs from one archive line without decoding the whole record when the
/// line is in the form newsdrop writes.
public enum RecordLine {
    private static let writerPrefix = Array(#"{"schema_version":1,"id":""#.utf8)
    private static let simhashKey = Array(#","simhash":""#.utf8)
    private static let wordCountKey = Array(#","word_count":"#.utf8)

    /// What dedup keeps of an archived record.
    public struct Fingerprint: Sendable, Equatable {
        public var id: ArticleID
        public var simhash: UInt64
        public var wordCount: Int
    }

    /// The record's id: read straight from the position newsdrop writes it at, else by decoding
    /// the JSON. `nil` when the line is not a JSON object with a valid `id`.
    public static func id(in line: UnsafeBufferPointer<UInt8>) -> ArticleID? {
        let prefix = writerPrefix.count
        if line.count > prefix + 33, line.starts(with: writerPrefix), line[prefix + 32] == UInt8(ascii: "\"") {
            return ArticleID(hex: String(decoding: UnsafeBufferPointer(rebasing: line[prefix..<(prefix + 32)]), as: UTF8.self))
        }
        return decoded(line).flatMap { $0["id"]?.string }.flatMap(ArticleID.init(hex:))
    }

    /// Id, SimHash and word count; `nil` when the line is not a record that has them.
    public static func fingerprint(in line: UnsafeBufferPointer<UInt8>) -> Fingerprint? {
        guard let id = id(in: line) else { return nil }
        let simhashStart = writerPrefix.count + 33
        if line.count > simhashStart + simhashKey.count + 17,
            line[simhashStart..<(simhashStart + simhashKey.count)].elementsEqual(simhashKey),
            let simhash = UInt64(
                String(
                    decoding: UnsafeBufferPointer(
                        rebasing: line[(simhashStart + simhashKey.count)..<(simhashStart + simhashKey.count + 16)]), as: UTF8.self),
                radix: 16),
            let words = wordCount(in: line)
        {
            return Fingerprint(id: id, simhash: simhash, wordCount: words)
        }
        guard let fields = decoded(line), let hex = fields["simhash"]?.string, let simhash = UInt64(hex, radix: 16),
            let words = fields["word_count"]?.integer
        else { return nil }
        return Fingerprint(id: id, simhash: simhash, wordCount: words)
    }

    /// The canonical text the record's id was computed from (title and blocks). Only those two
    /// fields are decoded: near-duplicate verification reads a candidate per check.
    public static func canonicalText(in line: [UInt8]) -> String? {
        guard let fields = try? identityDecoder.decode(IdentityFields.self, from: Data(line)) else { return nil }
        let blocks = fields.blocks.compactMap { block in TextBlock.Kind(rawValue: block.kind).map { TextBlock($0, block.text) } }
        return CanonicalText.identityText(title: fields.title, blocks: blocks)
    }

    /// The fields of a record its identity is computed from; a block of an unknown kind is left out.
    private struct IdentityFields: Decodable {
        struct Block: Decodable {
            var kind: String
            var text: String
        }

        var title: String?
        var blocks: [Block]
    }

    private static let identityDecoder = JSONDecoder()

    /// `"word_count":N` found after the text; the text's own quotes are escaped, so the key cannot
    /// occur inside it.
    private static func wordCount(in line: UnsafeBufferPointer<UInt8>) -> Int? {
        let key = wordCountKey
        guard line.count > key.count else { return nil }
        var index = line.count - key.count
        while index > 0 {
            if line[index] == key[0], line[index..<(index + key.count)].elementsEqual(key) {
                var value = 0
                var position = index + key.count
                var digits = 0
                while position < line.count, (48...57).contains(line[position]) {
                    value = value * 10 + Int(line[position] - 48)
                    position += 1
                    digits += 1
                }
                return digits > 0 ? value : nil
            }
            index -= 1
        }
        return nil
    }

    private static func decoded(_ line: UnsafeBufferPointer<UInt8>) -> [String: JSONValue]? {
        JSONValue(parsing: Data(line))?.object
    }
}
