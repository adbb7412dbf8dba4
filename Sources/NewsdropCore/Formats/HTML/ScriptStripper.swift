import Glibc

/// Removes `<script>` and `<style>` elements from a page's bytes before parsing, keeping JSON-LD.
///
/// Their content is raw text that ends at the matching end tag, exactly as the HTML parser reads
/// it, and the extractor ignores it; on news pages it is half of the bytes, and cutting it out
/// first saves the parser a quarter of its time. Works on any ASCII-compatible encoding.
enum ScriptStripper {
    static func strip(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        var copied = 0
        var index = 0
        bytes.withUnsafeBufferPointer { page in
            while let open = nextRawTextStart(page, from: index) {
                let (nameLength, tagEnd) = open.nameLengthAndTagEnd
                guard let tagEnd else { break }
                let isJSONLD = contains(page, "ld+json", in: open.start..<tagEnd)
                guard let close = findEndTag(page, nameLength: nameLength, name: open.nameStart, from: tagEnd) else { break }
                if !isJSONLD {
                    out.append(contentsOf: page[copied..<open.start])
                    copied = close
                }
                index = close
            }
            out.append(contentsOf: page[copied...])
        }
        return out
    }

    private struct Opening {
        var start: Int
        var nameStart: Int
        var nameLengthAndTagEnd: (Int, Int?)
    }

    /// The next `<script` or `<style` (any case) followed by whitespace, `>` or `/`.
    private static func nextRawTextStart(_ page: UnsafeBufferPointer<UInt8>, from: Int) -> Opening? {
        var index = from
        while index + 7 < page.count {
            guard let found = nextLessThan(page, from: index) else { return nil }
            index = found
            guard index + 7 < page.count else { return nil }
            for name in ["script", "style"] as [StaticString] where matchesName(page, at: index + 1, name) {
                let length = name.utf8CodeUnitCount
                let after = page[index + 1 + length]
                guard after == 0x20 || after == UInt8(ascii: ">") || after == UInt8(ascii: "/") || (after >= 0x09 && after <= 0x0D)
                else { continue }
                var end = index + 1 + length
                while end < page.count, page[end] != UInt8(ascii: ">") { end += 1 }
                return Opening(start: index, nameStart: index + 1, nameLengthAndTagEnd: (length, end < page.count ? end + 1 : nil))
            }
            index += 1
        }
        return nil
    }

    /// The offset just past `</name ...>`, searching from `from`.
    private static func findEndTag(_ page: UnsafeBufferPointer<UInt8>, nameLength: Int, name: Int, from: Int) -> Int? {
        var index = from
        while index + 2 + nameLength < page.count {
            guard let found = nextLessThan(page, from: index) else { return nil }
            index = found
            guard index + 2 + nameLength < page.count else { return nil }
            if page[index + 1] == UInt8(ascii: "/") {
                var same = true
                for offset in 0..<nameLength where lower(page[index + 2 + offset]) != lower(page[name + offset]) {
                    same = false
                    break
                }
                if same {
                    var end = index + 2 + nameLength
                    while end < page.count, page[end] != UInt8(ascii: ">") { end += 1 }
                    return end < page.count ? end + 1 : nil
                }
            }
            index += 1
        }
        return nil
    }

    /// The offset of the next `<` at or after `from` (memchr: the scan is most of the work).
    private static func nextLessThan(_ page: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < page.count, let base = page.baseAddress,
              let found = memchr(base + from, Int32(UInt8(ascii: "<")), page.count - from)
        else { return nil }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
    }

    private static func matchesName(_ page: UnsafeBufferPointer<UInt8>, at start: Int, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard start + count < page.count else { return false }
        for offset in 0..<count where lower(page[start + offset]) != name.utf8Start[offset] { return false }
        return true
    }

    private static func contains(_ page: UnsafeBufferPointer<UInt8>, _ needle: StaticString, in range: Range<Int>) -> Bool {
        let count = needle.utf8CodeUnitCount
        var index = range.lowerBound
        while index + count <= range.upperBound {
            var offset = 0
            while offset < count, lower(page[index + offset]) == needle.utf8Start[offset] { offset += 1 }
            if offset == count { return true }
            index += 1
        }
        return false
    }

    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }
}
