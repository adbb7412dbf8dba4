import CUchardet
import Glibc

/// Legacy character sets: detecting an undeclared one (uchardet) and converting to Unicode (iconv).
enum Charset {
    /// The charset uchardet finds in `bytes`, as an iconv name, or `nil` when it finds none.
    static func detect(_ bytes: ArraySlice<UInt8>) -> String? {
        guard let detector = uchardet_new() else { return nil }
        defer { uchardet_delete(detector) }
        let fed = bytes.withUnsafeBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return 1 }
            return uchardet_handle_data(detector, base.assumingMemoryBound(to: CChar.self), buffer.count)
        }
        guard fed == 0 else { return nil }
        uchardet_data_end(detector)
        guard let name = uchardet_get_charset(detector) else { return nil }
        let charset = String(cString: name)
        return charset.isEmpty ? nil : charset
    }

    /// Converts `bytes` from `charset` to a String; `nil` when iconv does not know the charset or
    /// the bytes are not valid in it.
    static func decode(_ bytes: ArraySlice<UInt8>, from charset: String) -> String? {
        let converter = iconv_open("UTF-8", charset)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = Array(bytes)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let produced = input.withUnsafeMutableBytes { inBuffer -> Int? in
            output.withUnsafeMutableBytes { outBuffer -> Int? in
                var inPointer = inBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let produced else { return nil }
        return String(validating: output[..<produced], as: UTF8.self)
    }

    /// The iconv spelling of a charset label found in a document (`<meta charset>`, XML declaration).
    static func normalizedLabel(_ label: String) -> String {
        let lowered = label.trimmingCharacters(in: .whitespaces).lowercased()
        switch lowered {
        case "utf8", "utf-8", "unicode-1-1-utf-8": return "UTF-8"
        // Browsers read ISO-8859-1 and US-ASCII labels as Windows-1252 (WHATWG Encoding).
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252":
            return "WINDOWS-1252"
        case "shift_jis", "sjis", "x-sjis": return "SHIFT_JIS"
        case "gb2312", "gbk": return "GBK"
        default: return lowered.uppercased()
        }
    }
}
