import Foundation
import Glibc

/// Turns an inbox file's bytes into text, or says why it is not text.
///
/// A byte order mark decides first (UTF-8, UTF-16). Then a charset the document declares (HTML
/// `<meta charset>`), then UTF-8 when the bytes are valid UTF-8. Anything else is legacy 8-bit or
/// multi-byte text: its charset is detected with uchardet and converted with iconv, falling back to
/// Windows-1252 (a superset of Latin-1's printable range). Every guess leaves a warning in
/// `parse.warnings`.
public enum TextDecoding {
    /// Decoded text and what was noticed on the way.
    public struct Decoded: Sendable, Equatable {
        public var text: String
        public var warnings: [String]
    }

    /// Decodes `bytes`; `declared` is a charset label the document itself names, if any.
    public static func decode(_ bytes: [UInt8], declared: String? = nil) throws(RejectionError) -> Decoded {
        guard !bytes.isEmpty else { throw .empty }
        var warnings: [String] = []
        let text: String
        let hasNUL = firstNUL(bytes[...]) != nil
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            text = try decodeUTF16(bytes.dropFirst(2), bigEndian: bytes[0] == 0xFE)
            warnings.append("decoded as UTF-16 (byte order mark)")
        } else if let format = BinarySignature.format(of: bytes[...]) {
            throw .binary("a \(format) file")
        } else if hasNUL, let bigEndian = utf16ByteOrder(bytes) {
            text = try decodeUTF16(bytes[...], bigEndian: bigEndian)
            warnings.append("decoded as UTF-16 \(bigEndian ? "big" : "little")-endian (no byte order mark; detected)")
        } else {
            let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
            var body = hasBOM ? bytes[3...] : bytes[...]
            if hasNUL {
                // A binary file is full of NULs; a page or text with a stray one is still text.
                let head = body.prefix(nulSampleBytes)
                let nulsInHead = head.reduce(0) { $1 == 0 ? $0 + 1 : $0 }
                if nulsInHead > 1, nulsInHead * 100 > head.count {
                    throw .binary("\(nulsInHead) NUL bytes in the first \(head.count)")
                }
                let before = body.count
                body = ArraySlice(body.filter { $0 != 0 })
                warnings.append("\(before - body.count) NUL bytes were dropped")
            }
            let declaredCharset = declared.map(Charset.normalizedLabel)
            if let utf8 = String(validating: body, as: UTF8.self),
                hasBOM || declaredCharset == nil || declaredCharset == "UTF-8" || body.allSatisfy({ $0 < 0x80 })
            {
                text = utf8
            } else if !hasBOM, let declaredCharset, declaredCharset != "UTF-8", let converted = Charset.decode(body, from: declaredCharset)
            {
                text = converted
                warnings.append("decoded as \(declaredCharset) (declared by the document)")
            } else if mostlyUTF8(body) {
                text = String(decoding: body, as: UTF8.self)
                warnings.append("invalid UTF-8 sequences were replaced with U+FFFD")
            } else if let detected = Charset.detect(body).map(Charset.normalizedLabel), detected != "UTF-8",
                let converted = Charset.decode(body, from: detected)
            {
                text = converted
                warnings.append(
                    "not valid UTF-8; decoded as \(detected == "WINDOWS-1252" ? "Windows-1252 (Latin-1)" : detected) (detected)")
            } else if let converted = Charset.decode(body, from: "WINDOWS-1252") {
                text = converted
                warnings.append("not valid UTF-8; decoded as Windows-1252 (Latin-1)")
            } else {
                throw .undecodable("neither UTF-8 nor a charset that could be detected")
            }
        }
        try rejectControlHeavy(text)
        return Decoded(text: text, warnings: warnings)
    }

    /// How many leading bytes judge whether NULs make a file binary: more than one of them, and
    /// more than one percent.
    static let nulSampleBytes = 8_192

    /// The byte order of UTF-16 text without a byte order mark: in its first 512 bytes nearly
    /// every pair holds an ASCII character and a NUL, the NUL second (little-endian) or first.
    static func utf16ByteOrder(_ bytes: [UInt8]) -> Bool? {
        let pairs = min(bytes.count, 512) / 2
        guard pairs >= 2 else { return nil }
        var little = 0
        var big = 0
        for pair in 0..<pairs {
            let first = bytes[2 * pair]
            let second = bytes[2 * pair + 1]
            if second == 0, first != 0, first < 0x80 { little += 1 }
            if first == 0, second != 0, second < 0x80 { big += 1 }
        }
        if little * 10 >= pairs * 9 { return false }
        if big * 10 >= pairs * 9 { return true }
        return nil
    }

    /// The offset of the first NUL byte (memchr: faster than a generic search on large pages).
    private static func firstNUL(_ bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, let found = memchr(base, 0, buffer.count) else { return nil }
            return bytes.startIndex + (UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base)
        }
    }

    private static func decodeUTF16(_ body: ArraySlice<UInt8>, bigEndian: Bool) throws(RejectionError) -> String {
        guard body.count % 2 == 0 else { throw .undecodable("UTF-16 text with an odd number of bytes") }
        var units: [UInt16] = []
        units.reserveCapacity(body.count / 2)
        var index = body.startIndex
        while index < body.endIndex {
            let first = UInt16(body[index])
            let second = UInt16(body[index + 1])
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
        var valid = 0
        var invalid = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            if length == 1 {
                index += 1
                continue
            }
            if length > 1, index + length <= bytes.endIndex,
                bytes[(index + 1)..<(index + length)].allSatisfy({ $0 >> 6 == 0b10 })
            {
                valid += 1
                index += length
            } else {
                invalid += 1
                index += 1
            }
        }
        return valid > invalid * 4
    }

    /// Rejects text in which control characters (other than tab, newline, carriage return and
    /// form feed) make up more than one percent: it is a binary file that happens to decode.
    private static func rejectControlHeavy(_ text: String) throws(RejectionError) {
        var text = text
        // A binary file shows itself at once; the first 8 KB decide, as for git and file(1).
        let (controls, total) = text.withUTF8 { controlShare(in: UnsafeBufferPointer(rebasing: $0.prefix(8_192))) }
        if controls > 0, controls * 100 > total {
            throw .binary("\(controls) control characters in \(total)")
        }
    }

    /// The control characters (tab, line ends and form feed aside) and all the characters in
    /// `utf8`, eight bytes at a time: a word without a byte below 0x20 or equal to 0x7F (nearly
    /// every word of text) only has its continuation bytes counted.
    static func controlShare(in utf8: UnsafeBufferPointer<UInt8>) -> (controls: Int, characters: Int) {
        var controls = 0
        var continuations = 0
        var index = 0
        while index + 8 <= utf8.count {
            let word = ByteWord.load(utf8, at: index)
            // A continuation byte is 10xxxxxx: its top bit set and the next one clear.
            continuations &+= (word & ~(word << 1) & ByteWord.highs).nonzeroBitCount
            // A word with a byte below 0x20 or a DEL is looked at byte by byte.
            if ByteWord.below(0x20, in: word) | ByteWord.equal(to: 0x7F, in: word) != 0 {
                for byte in UnsafeBufferPointer(rebasing: utf8[index..<(index + 8)]) where isControl(byte) { controls += 1 }
            }
            index += 8
        }
        for byte in UnsafeBufferPointer(rebasing: utf8[index...]) {
            if byte & 0xC0 == 0x80 { continuations += 1 }
            if isControl(byte) { controls += 1 }
        }
        return (controls, utf8.count - continuations)
    }

    @inline(__always)
    private static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0C && byte != 0x0D) || byte == 0x7F
    }
}
