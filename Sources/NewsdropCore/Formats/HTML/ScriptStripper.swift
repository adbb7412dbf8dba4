import Glibc

/// Removes what the extractor never reads from a page's bytes before parsing: `<script>` (except
/// JSON-LD), `<style>`, `<svg>`, `<noscript>` and `<template>` elements, and comments.
///
/// Script and style content is raw text that ends at the matching end tag, exactly as the HTML
/// parser reads it. On news pages these parts are more than half of the bytes and many of the
/// nodes, and cutting them out first saves the parser that work. Works on any ASCII-compatible
/// encoding.
enum ScriptStripper {
    /// Elements removed with their content.
    static let removed: [StaticString] = ["script", "style", "svg", "noscript", "template"]

    /// What a browser without scripts shows: `<noscript>` kept.
    static let removedWithoutScripts: [StaticString] = ["script", "style", "svg", "template"]

    static func strip(_ bytes: [UInt8], removing removed: [StaticString] = removed) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        var copied = 0
        var index = 0
        bytes.withUnsafeBufferPointer { page in
            func cut(_ range: Range<Int>) {
                out.append(contentsOf: page[copied..<range.lowerBound])
                copied = range.upperBound
            }
            scan: while let open = nextLessThan(page, from: index) {
                if startsWith(page, at: open + 1, "!--") {
                    guard let end = find(page, "-->", from: open + 4) else { break scan }
                    cut(open..<(end + 3))
                    index = end + 3
                    continue
                }
                for name in removed where startsWith(page, at: open + 1, name) {
                    let length = name.utf8CodeUnitCount
                    guard open + 1 + length < page.count else { break scan }
                    let after = page[open + 1 + length]
                    guard after == 0x20 || after == UInt8(ascii: ">") || after == UInt8(ascii: "/") || (after >= 0x09 && after <= 0x0D)
                    else { continue }
                    guard let tagEnd = find(page, ">", from: open + 1 + length) else { break scan }
                    guard let close = endOfEndTag(page, name, from: tagEnd + 1) else { break scan }
                    let keep = startsWith(page, at: open + 1, "script") && contains(page, "ld+json", in: open..<tagEnd)
                    if !keep { cut(open..<close) }
                    index = close
                    continue scan
                }
                index = open + 1
            }
            out.append(contentsOf: page[copied...])
        }
        return out
    }

    /// The offset of the first occurrence of `needle` at or after `from`.
    private static func find(_ page: UnsafeBufferPointer<UInt8>, _ needle: StaticString, from: Int) -> Int? {
        var index = from
        while let candidate = nextByte(needle.utf8Start[0], in: page, from: index) {
            if startsWith(page, at: candidate, needle) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    /// The offset just past the end tag `</name ...>` that closes a raw-text element.
    private static func endOfEndTag(_ page: UnsafeBufferPointer<UInt8>, _ name: StaticString, from: Int) -> Int? {
        var index = from
        while let close = find(page, "</", from: index) {
            if startsWith(page, at: close + 2, name) {
                return find(page, ">", from: close + 2).map { $0 + 1 }
            }
            index = close + 2
        }
        return nil
    }

    /// The offset of the next `<` at or after `from`.
    private static func nextLessThan(_ page: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        nextByte(UInt8(ascii: "<"), in: page, from: from)
    }

    /// The offset of the next `byte` at or after `from` (memchr: the scan is most of the work).
    private static func nextByte(_ byte: UInt8, in page: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < page.count, let base = page.baseAddress,
            let found = memchr(base + from, Int32(byte), page.count - from)
        else { return nil }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
    }

    /// True when the bytes at `start` spell `literal`, ignoring ASCII case.
    private static func startsWith(_ page: UnsafeBufferPointer<UInt8>, at start: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard start + count <= page.count else { return false }
        for offset in 0..<count where lower(page[start + offset]) != literal.utf8Start[offset] { return false }
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
