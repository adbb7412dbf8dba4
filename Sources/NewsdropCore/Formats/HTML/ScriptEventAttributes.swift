import Glibc

/// Renames the attributes script frameworks write with a leading `@` (Alpine's and Vue's
/// `@click="…"`) so that libxml2 reads them. Its HTML parser does not take `@` in an attribute
/// name: it skips to the next blank, reads the rest of the value as more attributes, and a `>` in
/// it (`() => …`) ends the tag, so the rest of the value shows as page text.
///
/// Such a name becomes `_click…`, in place. An `@` counts only after white space and before a
/// letter, name characters and `=`, as in a tag; mail addresses and `"@type"` keys do not match.
enum ScriptEventAttributes {
    static func rename(in bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBufferPointer { page in
            guard let base = page.baseAddress else { return }
            var index = 0
            while index < page.count, let found = memchr(base + index, Int32(UInt8(ascii: "@")), page.count - index) {
                let at = UnsafeMutablePointer(found.assumingMemoryBound(to: UInt8.self)) - base
                index = at + 1
                guard at > 0, isSpace(page[at - 1]), index < page.count, isLetter(page[index]) else { continue }
                var end = index
                while end < page.count, isNameByte(page[end]) { end += 1 }
                if end < page.count, page[end] == UInt8(ascii: "=") { page[at] = UInt8(ascii: "_") }
            }
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "_")
    }
}
