/// Writes compact JSON into a byte buffer, keys in the order they are written.
///
/// Records are written with this writer instead of `JSONEncoder` so that the key order is the
/// record's documented order on every platform, and so that the hot path allocates once per record.
/// Strings are emitted as raw UTF-8 with the escapes RFC 8259 requires, plus U+2028 and U+2029.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    public init(reservingCapacity capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    public mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    public mutating func endArray() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes an object key; the next value written belongs to it.
    public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    public mutating func string(_ value: String?) {
        separate()
        if let value { appendQuoted(value) } else { appendLiteral("null") }
    }

    public mutating func int(_ value: Int?) {
        separate()
        appendLiteral(value.map { String($0) } ?? "null")
    }

    public mutating func bool(_ value: Bool) {
        separate()
        appendLiteral(value ? "true" : "false")
    }

    public mutating func null() {
        separate()
        appendLiteral("null")
    }

    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let number):
            separate()
            if number.isFinite, number == number.rounded(), abs(number) < 1e15, !(number == 0 && number.sign == .minus) {
                appendLiteral(String(Int64(number)))
            } else if number.isFinite {
                appendLiteral(String(number))
            } else {
                appendLiteral("null")
            }
        case .string(let text): string(text)
        case .array(let items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        case .object(let members):
            beginObject()
            for name in members.keys.sorted() {
                key(name)
                self.value(members[name]!)
            }
            endObject()
        }
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] {
            bytes.append(UInt8(ascii: ","))
        }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func appendLiteral(_ literal: String) {
        bytes.append(contentsOf: literal.utf8)
    }

    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        Self.passesThrough.withUnsafeBufferPointer { passesThrough in
            text.withUTF8 { utf8 in
                var runStart = 0
                var index = 0
                while index < utf8.count {
                    // Eight bytes that all pass through are skipped at once.
                    if index + 8 <= utf8.count, !Self.mayNeedEscape(ByteWord.load(utf8, at: index)) {
                        index += 8
                        continue
                    }
                    let byte = utf8[index]
                    if passesThrough[Int(byte)] {
                        index += 1
                        continue
                    }
                    let escape: Escape?
                    var width = 1
                    switch byte {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"): escape = .short(byte)
                    case 0x0A: escape = .short(UInt8(ascii: "n"))
                    case 0x0D: escape = .short(UInt8(ascii: "r"))
                    case 0x09: escape = .short(UInt8(ascii: "t"))
                    case 0x08: escape = .short(UInt8(ascii: "b"))
                    case 0x0C: escape = .short(UInt8(ascii: "f"))
                    case 0x00..<0x20, 0x7F: escape = .unicode(UInt16(byte))
                    case 0xE2
                    where index + 2 < utf8.count && utf8[index + 1] == 0x80
                        && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                        // U+2028 and U+2029 end lines in JavaScript; escape them for safe embedding.
                        escape = .unicode(utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029)
                        width = 3
                    default: escape = nil
                    }
                    if let escape {
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                        append(escape)
                        index += width
                        runStart = index
                    } else {
                        index += 1
                    }
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// How a byte that cannot pass through is written after its backslash.
    private enum Escape {
        /// One letter or sign: `\n`, `\"`.
        case short(UInt8)
        /// `\u` and four hex digits.
        case unicode(UInt16)
    }

    private mutating func append(_ escape: Escape) {
        bytes.append(UInt8(ascii: "\\"))
        switch escape {
        case .short(let letter):
            bytes.append(letter)
        case .unicode(let unit):
            bytes.append(UInt8(ascii: "u"))
            for shift in stride(from: 12, through: 0, by: -4) {
                bytes.append(HexDigits.lowercase[Int((unit >> UInt16(shift)) & 0xF)])
            }
        }
    }

    /// False when none of the eight bytes packed in `word` is a control, a quote, a backslash,
    /// DEL or 0xE2.
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        (ByteWord.below(0x20, in: word) | ByteWord.equal(to: 0x22, in: word) | ByteWord.equal(to: 0x5C, in: word)
            | ByteWord.equal(to: 0x7F, in: word) | ByteWord.equal(to: 0xE2, in: word)) != 0
    }

    /// Bytes copied as they are: everything but quotes, backslashes, controls and the lead byte
    /// of U+2028/U+2029.
    private static let passesThrough: [Bool] = (0..<256).map { byte in
        byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0x7F && byte != 0xE2
    }
}
