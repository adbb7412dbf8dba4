/// Turns an inbox file's bytes into text, or says why it is not text.
///
/// UTF-8 is expected (a BOM is tolerated). UTF-16 with a BOM is accepted. Anything else is taken as
/// legacy 8-bit text and decoded as Windows-1252 (a superset of Latin-1's printable range), with a
/// warning in `parse.warnings`.
public enum TextDecoding {
    /// Decoded text and what was noticed on the way.
    public struct Decoded: Sendable, Equatable {
        public var text: String
        public var warnings: [String]
    }

    public static func decode(_ bytes: [UInt8]) throws(RejectionError) -> Decoded {
        guard !bytes.isEmpty else { throw .empty }
        var warnings: [String] = []
        let text: String
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            text = try decodeUTF16(bytes.dropFirst(2), bigEndian: bytes[0] == 0xFE)
            warnings.append("decoded as UTF-16 (byte order mark)")
        } else {
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
            if let nul = body.firstIndex(of: 0) {
                throw .binary("NUL byte at offset \(nul)")
            }
            if let utf8 = String(validating: body, as: UTF8.self) {
                text = utf8
            } else if mostlyUTF8(body) {
                text = String(decoding: body, as: UTF8.self)
                warnings.append("invalid UTF-8 sequences were replaced with U+FFFD")
            } else {
                text = try decodeWindows1252(body)
                warnings.append("not valid UTF-8; decoded as Windows-1252 (Latin-1)")
            }
        }
        try rejectControlHeavy(text)
        return Decoded(text: text, warnings: warnings)
    }

    private static func decodeUTF16(_ body: ArraySlice<UInt8>, bigEndian: Bool) throws(RejectionError) -> String {
        guard body.count % 2 == 0 else { throw .undecodable("UTF-16 text with an odd number of bytes") }
        var units: [UInt16] = []
        units.reserveCapacity(body.count / 2)
        var index = body.startIndex
        while index < body.endIndex {
            let first = UInt16(body[index]), second = UInt16(body[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        guard let text = String(validating: units, as: UTF16.self) else {
            throw .undecodable("invalid UTF-16")
        }
        return text
    }

    /// True when the bytes hold more well-formed multi-byte UTF-8 sequences than stray bytes:
    /// UTF-8 text with a few damaged bytes, not legacy 8-bit text.
    private static func mostlyUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var valid = 0, invalid = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            if length == 1 {
                index += 1
                continue
            }
            if length > 1, index + length <= bytes.endIndex,
               bytes[(index + 1)..<(index + length)].allSatisfy({ $0 >> 6 == 0b10 }) {
                valid += 1
                index += length
            } else {
                invalid += 1
                index += 1
            }
        }
        return valid > invalid * 4
    }

    /// Windows-1252's mapping of 0x80...0x9F; `nil` marks its five undefined bytes.
    private static let windows1252High: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]

    private static func decodeWindows1252(_ bytes: ArraySlice<UInt8>) throws(RejectionError) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if (0x80...0x9F).contains(byte) {
                guard let scalar = windows1252High[Int(byte - 0x80)] else {
                    throw .undecodable("byte 0x\(String(byte, radix: 16, uppercase: true)) is neither UTF-8 nor Windows-1252")
                }
                scalars.append(scalar)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    /// Rejects text in which control characters (other than tab, newline, carriage return and
    /// form feed) make up more than one percent: it is a binary file that happens to decode.
    private static func rejectControlHeavy(_ text: String) throws(RejectionError) {
        var controls = 0, total = 0
        for scalar in text.unicodeScalars {
            total += 1
            switch scalar.value {
            case 0x09, 0x0A, 0x0C, 0x0D: break
            case 0x00..<0x20, 0x7F: controls += 1
            default: break
            }
        }
        if controls > 0, controls * 100 > total {
            throw .binary("\(controls) control characters in \(total)")
        }
    }
}
