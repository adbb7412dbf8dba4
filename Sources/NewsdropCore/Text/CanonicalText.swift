public import Foundation

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
    /// the typographic quotes, dashes, ellipsis and no-break space news text is full of, and a few
    /// signs, without the cost of case folding and NFKC
    /// over the whole text; `nil` when any other character appears.
    static func commonCanonical(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            var byte: UInt8
            switch scalar.value {
            case 0x20, 0x09...0x0D, 0xA0:
                pendingSpace = !out.isEmpty
                continue
            case 0x41...0x5A: byte = UInt8(scalar.value) + 32
            case 0x60: byte = UInt8(ascii: "'")
            case 0..<0x80: byte = UInt8(scalar.value)
            case 0x2018, 0x2019: byte = UInt8(ascii: "'")
            case 0x201C, 0x201D, 0xAB, 0xBB: byte = UInt8(ascii: "\"")
            case 0x2013, 0x2014: byte = UInt8(ascii: "-")
            case 0x2026:
                // NFKC spells the ellipsis as three full stops.
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(contentsOf: [0x2E, 0x2E, 0x2E])
                continue
            case 0xA2...0xA7, 0xA9, 0xAE, 0xB0, 0xB1, 0xB6, 0xB7, 0x20AC, 0x2022, 0x0400...0x045F, 0x0490, 0x0491:
                // Currency and other signs with no compatibility form, and Cyrillic letters: stable
                // under NFKC; Cyrillic capitals fold to their small letters.
                if pendingSpace { out.append(0x20); pendingSpace = false }
                let value: UInt32 = switch scalar.value {
                case 0x0400...0x040F: scalar.value + 0x50
                case 0x0410...0x042F: scalar.value + 0x20
                case 0x0490: 0x0491
                default: scalar.value
                }
                out.append(contentsOf: UTF8.encode(Unicode.Scalar(value)!)!)
                continue
            case 0xC0...0xFF where scalar.value != 0xDF:
                // Latin-1 letters are stable under NFKC; capitals fold to the small letter 0x20 above
                // (× and ÷ have no case). ß folds to "ss" and takes the full path.
                if pendingSpace { out.append(0x20); pendingSpace = false }
                let value = (0xC0...0xDE).contains(scalar.value) && scalar.value != 0xD7 ? scalar.value + 0x20 : scalar.value
                out.append(UInt8(0xC0 | (value >> 6)))
                out.append(UInt8(0x80 | (value & 0x3F)))
                continue
            default: return nil
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Case folding, NFKC, then whitespace, format characters and punctuation as described above.
    static func fullCanonical(_ text: String) -> String {
        let folded = text
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
             0x300C, 0x300D, 0x300E, 0x300F, 0xFF02: "\""
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: "-"
        default: scalar
        }
    }

    /// The text an article's identity is computed from: its title, if the body carried one, and
    /// every block in order. Metadata (date marker, header lines) is not part of it.
    public static func identityText(title: String?, blocks: [TextBlock]) -> String {
        var parts: [String] = []
        if let title { parts.append(title) }
        parts.append(contentsOf: blocks.map(\.text))
        return canonicalize(parts.joined(separator: "\n"))
    }
}
