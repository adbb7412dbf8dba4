/// Character classes with an ASCII fast path: looking up Unicode properties dominates the cost of
/// canonicalizing and counting words, and news text is mostly ASCII.
extension Unicode.Scalar {
    /// White space (Unicode `White_Space`).
    @inline(__always)
    var isSpace: Bool {
        value < 0x80 ? value == 0x20 || (0x09...0x0D).contains(value) : properties.isWhitespace
    }

    /// A letter or a digit: part of a word.
    @inline(__always)
    var isWordCharacter: Bool {
        if value < 0x80 {
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        }
        return properties.isAlphabetic || properties.numericType != nil
    }

    /// A decimal digit or other numeric character.
    @inline(__always)
    var isDigitLike: Bool {
        value < 0x80 ? (0x30...0x39).contains(value) : properties.numericType != nil
    }

    /// An invisible formatting character (category Cf), such as a soft hyphen or zero-width space.
    @inline(__always)
    var isFormat: Bool {
        value >= 0x80 && properties.generalCategory == .format
    }
}
