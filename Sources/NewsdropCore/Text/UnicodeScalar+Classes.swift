/// Character classes with a table for the first 12,288 code points: looking up Unicode
/// properties dominated the cost of canonicalizing, shingling and counting words, and news text
/// is nearly all in the scripts below U+3000 (Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari,
/// general punctuation). The table is built from the same properties, so answers are identical.
extension Unicode.Scalar {
    /// White space (Unicode `White_Space`).
    @inline(__always)
    var isSpace: Bool {
        value < ScalarClasses.tableSize ? ScalarClasses.table[Int(value)] & ScalarClasses.space != 0 : properties.isWhitespace
    }

    /// A letter or a digit: part of a word.
    @inline(__always)
    var isWordCharacter: Bool {
        value < ScalarClasses.tableSize
            ? ScalarClasses.table[Int(value)] & ScalarClasses.word != 0
            : properties.isAlphabetic || properties.numericType != nil
    }

    /// An invisible formatting character (category Cf), such as a soft hyphen or zero-width space.
    @inline(__always)
    var isFormat: Bool {
        value < ScalarClasses.tableSize
            ? ScalarClasses.table[Int(value)] & ScalarClasses.format != 0 : properties.generalCategory == .format
    }
}

/// The class bits of the code points below `tableSize`, computed once from Unicode properties.
///
/// Hot loops fetch `table` once and call `bits(of:in:)`: every read of a lazily initialized
/// global goes through `swift_once`.
enum ScalarClasses {
    /// The class bits of any scalar, from the table when it covers it.
    @inline(__always)
    static func bits(of scalar: Unicode.Scalar, in table: UnsafeBufferPointer<UInt8>) -> UInt8 {
        if scalar.value < tableSize { return table[Int(scalar.value)] }
        let properties = scalar.properties
        var bits: UInt8 = 0
        if properties.isWhitespace { bits |= space }
        if properties.isAlphabetic || properties.numericType != nil { bits |= word }
        if properties.numericType != nil { bits |= digit }
        if properties.generalCategory == .format { bits |= format }
        return bits
    }

    /// The class bits of the scalar that starts at `offset` and its length in bytes; one- and
    /// two-byte scalars are looked up without decoding them first.
    @inline(__always)
    static func bits(at offset: Int, of utf8: UnsafeBufferPointer<UInt8>, in table: UnsafeBufferPointer<UInt8>) -> (
        bits: UInt8, length: Int
    ) {
        let lead = utf8[offset]
        if lead < 0x80 { return (table[Int(lead)], 1) }
        if lead & 0xE0 == 0xC0, offset + 1 < utf8.count {
            return (table[Int(UInt32(lead & 0x1F) << 6 | UInt32(utf8[offset + 1] & 0x3F))], 2)
        }
        let (scalar, length) = UTF8Scalar.decode(utf8, at: offset)
        return (bits(of: scalar, in: table), length)
    }

    static let tableSize: UInt32 = 0x3000
    static let space: UInt8 = 1
    static let word: UInt8 = 2
    static let digit: UInt8 = 4
    static let format: UInt8 = 8

    static let table: [UInt8] = (0..<tableSize).map { value in
        guard let scalar = Unicode.Scalar(value) else { return 0 }
        let properties = scalar.properties
        var bits: UInt8 = 0
        if value < 0x80 {
            // ASCII by the same rules, spelled out: the properties agree.
            if value == 0x20 || (0x09...0x0D).contains(value) { bits |= space }
            if (0x30...0x39).contains(value) { bits |= word | digit }
            if (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) { bits |= word }
            return bits
        }
        if properties.isWhitespace { bits |= space }
        if properties.isAlphabetic || properties.numericType != nil { bits |= word }
        if properties.numericType != nil { bits |= digit }
        if properties.generalCategory == .format { bits |= format }
        return bits
    }
}

/// Decoding one scalar from UTF-8 that String already validated, for the byte-level loops.
enum UTF8Scalar {
    /// The scalar that starts at `offset` and its length in bytes.
    @inline(__always)
    static func decode(_ utf8: UnsafeBufferPointer<UInt8>, at offset: Int) -> (Unicode.Scalar, Int) {
        let lead = utf8[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for next in 1..<min(length, utf8.count - offset) { value = value << 6 | UInt32(utf8[offset + next] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}
