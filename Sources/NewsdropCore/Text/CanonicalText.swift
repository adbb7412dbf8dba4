import Foundation

/// The form of an article's text that decides whether two files hold the same article.
///
/// Unicode NFKC, case-folded, typographic quotes and dashes folded to ASCII, invisible format
/// characters removed and whitespace collapsed to single spaces. Two files are exact duplicates
/// when their canonical texts are equal; the article id is a hash of it.
public enum CanonicalText {
    public static func canonicalize(_ text: String) -> String {
        commonCanonical(text) ?? fullCanonical(text)
    }

    /// The same result as `fullCanonical` for text made of ASCII, Latin-1 and Cyrillic letters,
    /// the typographic quotes, dashes, ellipsis, spaces and the few compatibility forms news text is
    /// full of, and a few signs, without the cost of case folding and NFKC over the whole text;
    /// `nil` when any other character appears.
    package static func commonCanonical(_ text: String) -> String? {
        commonCanonical(joining: [text]).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Not one of the characters ``commonCanonical(_:)`` knows: the full path decides.
    private struct OutsideCommonCharacters: Error {}

    private static func commonCanonical(_ utf8: UnsafeBufferPointer<UInt8>, into out: inout CanonicalBytes) throws(OutsideCommonCharacters)
    {
        var index = 0
        while index < utf8.count {
            let lead = utf8[index]
            if lead < 0x80 {
                if index + 8 <= utf8.count,
                    let folded = foldedASCII(ByteWord.load(utf8, at: index), mayStartWithSpace: !out.pendingSpace && out.count > 0)
                {
                    out.append(eight: folded)
                    index += 8
                    continue
                }
                // ASCII: white space collapses, capitals fold, the grave accent becomes a quote.
                index += 1
                if isASCIISpace(lead) {
                    out.space()
                    continue
                }
                out.emit(byte: foldedASCII(lead))
                // The rest of the run up to a space or a character beyond ASCII, with no space
                // pending.
                while index < utf8.count, utf8[index] < 0x80, !isASCIISpace(utf8[index]) {
                    out.append(foldedASCII(utf8[index]))
                    index += 1
                }
                continue
            }
            if index + 1 < utf8.count, lead == 0xD0 || (lead == 0xD1 && utf8[index + 1] < 0xA0) {
                // Cyrillic U+0400 to U+045F, most of Ukrainian and Russian text: capitals fold
                // to their small letters, which are stable under NFKC.
                let value = UInt32(lead & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F)
                index += 2
                out.emit(twoBytes: value < 0x0410 ? value + 0x50 : value < 0x0430 ? value + 0x20 : value)
                continue
            }
            let (scalar, length) = UTF8Scalar.decode(utf8, at: index)
            let value = scalar.value
            index += length
            switch value {
            case 0xA0, 0x2002...0x200A, 0x202F, 0x205F: out.space()
            case 0x2018, 0x2019: out.emit(byte: 0x27)
            case 0x201C, 0x201D, 0xAB, 0xBB: out.emit(byte: 0x22)
            case 0x2010...0x2015, 0x2212: out.emit(byte: 0x2D)
            case 0x2032: out.emit(byte: 0x27)
            // Compatibility forms NFKC spells with ASCII: superscript digits, ordinal indicators,
            // and the numero sign, whose "N" stays a capital (case folding comes before NFKC).
            case 0xB9: out.emit(byte: 0x31)
            case 0xB2: out.emit(byte: 0x32)
            case 0xB3: out.emit(byte: 0x33)
            case 0xAA: out.emit(byte: 0x61)
            case 0xBA: out.emit(byte: 0x6F)
            case 0x2116:
                out.emit(byte: 0x4E)
                out.emit(byte: 0x6F)
            case 0xFFFD: out.emit(0xFFFD)
            case 0x2026:
                // NFKC spells the ellipsis as three full stops.
                out.emit(byte: 0x2E)
                out.emit(byte: 0x2E)
                out.emit(byte: 0x2E)
            // Currency and other signs with no compatibility form, and ґ: stable under NFKC; Ґ
            // folds to ґ. The rest of Cyrillic took the path above.
            case 0xA2...0xA7, 0xA9, 0xAE, 0xB0, 0xB1, 0xB6, 0xB7, 0x20AC, 0x2022, 0x0491: out.emit(value)
            case 0x0490: out.emit(0x0491)
            // Latin-1 letters are stable under NFKC; capitals fold to the small letter 0x20
            // above (× and ÷ have no case). ß folds to "ss" and takes the full path.
            case 0xD7, 0xE0...0xFF: out.emit(value)
            case 0xC0...0xDE where value != 0xDF: out.emit(value + 0x20)
            default: throw OutsideCommonCharacters()
            }
        }
    }

    @inline(__always)
    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Eight bytes of plain ASCII text with their capitals folded, or `nil` when the byte path
    /// must take them: a byte beyond ASCII, a control character or other white space than a
    /// single space, two spaces in a row, a space last (it may start a run), a space first when a
    /// space is pending or nothing is written yet (`mayStartWithSpace` false), or a grave accent.
    ///
    /// With every byte below 0x80 no byte's sum carries into the next, so each test is exact. The
    /// first byte of the text is the word's lowest (little-endian, as on every platform newsdrop
    /// runs on).
    @inline(__always)
    static func foldedASCII(_ word: UInt64, mayStartWithSpace: Bool) -> UInt64? {
        let ones = ByteWord.ones
        let highs = ByteWord.highs
        guard word & highs == 0 else { return nil }
        let spaces = ByteWord.equal(to: 0x20, inASCII: word)
        let controls = ~(word &+ ones &* 0x60) & highs
        let (firstByte, lastByte): (UInt64, UInt64) = (0x80, 0x80 << 56)
        guard controls | ByteWord.equal(to: 0x60, inASCII: word) | (spaces & (spaces << 8)) | (spaces & lastByte) == 0,
            mayStartWithSpace || spaces & firstByte == 0
        else { return nil }
        // A to Z: at least 0x41 and below 0x5B.
        let capitals = (word &+ ones &* 0x3F) & ~(word &+ ones &* 0x25) & highs
        return word | capitals >> 2
    }

    @inline(__always)
    private static func foldedASCII(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte + 32 : byte == 0x60 ? 0x27 : byte
    }

    /// The canonical text's UTF-8 as it is written: white space is held back until the next
    /// character, so that runs collapse to one space and none leads or trails.
    private struct CanonicalBytes {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0
        var pendingSpace = false

        init(buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

        /// Writes eight bytes that start with a character (or a space that may stand), after the
        /// pending space if there is one.
        @inline(__always)
        mutating func append(eight word: UInt64) {
            writePendingSpace()
            UnsafeMutableRawPointer(buffer.baseAddress! + count).storeBytes(of: word, as: UInt64.self)
            count += 8
        }

        mutating func space() { pendingSpace = count > 0 }

        @inline(__always)
        mutating func emit(byte: UInt8) {
            writePendingSpace()
            buffer[count] = byte
            count += 1
        }

        /// The space held back, now that a character follows it.
        @inline(__always)
        private mutating func writePendingSpace() {
            guard pendingSpace else { return }
            buffer[count] = 0x20
            count += 1
            pendingSpace = false
        }

        /// Writes a byte right after another one: no space can be pending.
        @inline(__always)
        mutating func append(_ byte: UInt8) {
            buffer[count] = byte
            count += 1
        }

        /// Writes the scalar `value` (U+0080 to U+07FF) as its two UTF-8 bytes.
        @inline(__always)
        mutating func emit(twoBytes value: UInt32) {
            writePendingSpace()
            buffer[count] = UInt8(truncatingIfNeeded: 0xC0 | (value >> 6))
            buffer[count + 1] = UInt8(truncatingIfNeeded: 0x80 | (value & 0x3F))
            count += 2
        }

        /// Writes the scalar `value` (below U+10000) as UTF-8.
        mutating func emit(_ value: UInt32) {
            if value < 0x80 { return emit(byte: UInt8(value)) }
            if value < 0x800 {
                emit(byte: UInt8(0xC0 | (value >> 6)))
            } else {
                emit(byte: UInt8(0xE0 | (value >> 12)))
                emit(byte: UInt8(0x80 | ((value >> 6) & 0x3F)))
            }
            emit(byte: UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// Case folding, NFKC, then whitespace, format characters and punctuation as described above.
    package static func fullCanonical(_ text: String) -> String {
        let folded =
            text
            .folding(options: [.caseInsensitive], locale: nil)
            .precomposedStringWithCompatibilityMapping
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar.isSpace {
                pendingSpace = !out.isEmpty
                continue
            }
            if scalar.isFormat {
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(foldPunctuation(scalar))
        }
        return String(out)
    }

    /// Folds the typographic variants of quotes and dashes to their ASCII forms.
    static func foldPunctuation(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x2035, 0x02BC, 0x0060, 0x00B4: "'"
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x2036, 0x00AB, 0x00BB, 0x2039, 0x203A,
            0x300C, 0x300D, 0x300E, 0x300F, 0xFF02:
            "\""
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: "-"
        default: scalar
        }
    }

    /// The text an article's identity is computed from: its title, if the body carried one, and
    /// every block in order. Metadata (date marker, header lines) is not part of it.
    public static func identityText(title: String?, blocks: [TextBlock]) -> String {
        String(decoding: identityBytes(title: title, blocks: blocks), as: UTF8.self)
    }

    /// ``identityText(title:blocks:)`` as UTF-8, for the id and the SimHash: the common path writes
    /// it without a `String` (and the validation a `String` made from bytes costs).
    static func identityBytes(title: String?, blocks: [TextBlock]) -> [UInt8] {
        var parts: [String] = []
        parts.reserveCapacity(blocks.count + 1)
        if let title { parts.append(title) }
        for block in blocks { parts.append(block.text) }
        return commonCanonical(joining: parts) ?? Array(fullCanonical(parts.joined(separator: "\n")).utf8)
    }

    /// ``commonCanonical(_:)`` of the parts joined by line breaks, without joining them first.
    static func commonCanonical(joining parts: [String]) -> [UInt8]? {
        // Every character folds to at most as many bytes as it has, and each space written stands
        // for at least one white-space byte or a break between parts.
        let capacity = parts.reduce(parts.count) { $0 + $1.utf8.count }
        return try? [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var out = CanonicalBytes(buffer: buffer)
            for var part in parts {
                // The line break between two parts is white space.
                out.space()
                // (A typed throw straight out of this closure crashes the Swift 6.3 compiler.)
                let common = part.withUTF8 { utf8 in (try? commonCanonical(utf8, into: &out)) != nil }
                if !common { throw OutsideCommonCharacters() }
            }
            count = out.count
        }
    }
}
