/// What a plain-text article says, before it becomes a record.
public struct ParsedText: Sendable, Equatable {
    public var format: InputFormat
    public var title: String?
    public var dateRaw: String?
    /// Header lines in file order, keys as written (header layout only).
    public var headers: [Header]
    public var blocks: [TextBlock]

    /// One `Key: value` line of a header block.
    public struct Header: Sendable, Equatable {
        public var key: String
        public var value: String
    }
}

/// Reads the three plain-text layouts, told apart by content.
///
/// 1. Date marker: optional leading whitespace, `date YYYY-MM-DD`, then the body on the same line.
///    Such files have no title; a subheading is never promoted to one.
/// 2. Header: a block of `Key: value` lines naming at least one known key, a blank line, the body.
/// 3. Headline: a first line that reads as a headline, a blank line, then paragraphs.
/// Anything else is a plain run of paragraphs. Blocks are separated by blank lines; the lines of
/// one block are joined by a space. A short one-line block without sentence-final punctuation is a
/// subheading.
public enum PlainTextLayout {
    /// Header keys that map to record fields (matched case-insensitively).
    public static let knownHeaderKeys: Set<String> = [
        "title", "date", "author", "authors", "source", "url", "language", "tags",
    ]

    public static func parse(_ text: String) -> ParsedText {
        let lines = splitLines(text)
        if let (date, body) = dateMarker(lines) {
            return ParsedText(format: .textDateMarker, title: nil, dateRaw: date, headers: [], blocks: classify(body))
        }
        if let (headers, body) = headerBlock(lines) {
            let title = headers.first { $0.key.lowercased() == "title" && !$0.value.isEmpty }?.value
            let date = headers.first { $0.key.lowercased() == "date" && !$0.value.isEmpty }?.value
            return ParsedText(format: .textHeader, title: title, dateRaw: date, headers: headers, blocks: classify(body))
        }
        let groups = blockGroups(lines[...])
        if groups.count >= 2, groups[0].isSingleLine, isHeadingLike(groups[0].first, allowQuestion: true) {
            let rest = classify(groups.dropFirst())
            // A first short line is a headline unless the text is sectioned: subheadings standing
            // alone between paragraphs later on make it the first section heading instead. Runs of
            // short lines (fixture lists, rankings) do not count as sections.
            if !hasIsolatedSubheading(rest) {
                return ParsedText(format: .textHeadline, title: groups[0].first, dateRaw: nil, headers: [], blocks: rest)
            }
        }
        return ParsedText(format: .textPlain, title: nil, dateRaw: nil, headers: [], blocks: classify(groups))
    }

    /// Lines with CRLF and lone CR taken as line ends and trailing whitespace removed.
    static func splitLines(_ text: String) -> [Substring] {
        var text = text
        // Line ends are ASCII, so the bytes find them without grapheme breaking.
        let ranges = text.withUTF8 { utf8 -> [Range<Int>] in
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(utf8.count / 64 + 8)
            var start = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                index += 1
                guard byte == 0x0A || byte == 0x0D else { continue }
                ranges.append(start..<(index - 1))
                if byte == 0x0D, index < utf8.count, utf8[index] == 0x0A { index += 1 }
                start = index
            }
            ranges.append(start..<utf8.count)
            return ranges
        }
        let utf8 = text.utf8
        return ranges.map { range in
            let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            return trimTrailing(text[start..<utf8.index(start, offsetBy: range.count)])
        }
    }

    private static func trimTrailing(_ line: Substring) -> Substring {
        var end = line.endIndex
        // ASCII white space is dropped byte by byte; anything else by its Character.
        while end > line.startIndex {
            let before = line.utf8.index(before: end)
            let byte = line.utf8[before]
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                end = before
            } else if byte >= 0x80 {
                let character = line.index(before: end)
                guard line[character].isWhitespace else { break }
                end = character
            } else {
                break
            }
        }
        return line[line.startIndex..<end]
    }

    private static func trimLeading(_ line: Substring) -> Substring {
        // Most lines start with a printable ASCII character: nothing to drop.
        if let first = line.utf8.first, first > 0x20, first < 0x7F { return line }
        return line.drop { $0.isWhitespace }
    }

    /// True for a line of white space only (or none).
    private static func isBlank(_ line: Substring) -> Bool {
        trimLeading(line).isEmpty
    }

    /// `date YYYY-MM-DD` after optional whitespace; returns the date and the lines of the body.
    static func dateMarker(_ lines: [Substring]) -> (String, [LineGroup])? {
        guard let first = lines.firstIndex(where: { !isBlank($0) }) else { return nil }
        let line = trimLeading(lines[first])
        // No character outside ASCII lowercases to these letters, so the bytes decide.
        guard line.utf8.count >= 5,
            zip(line.utf8, "date ".utf8).allSatisfy({ $0 == $1 || ($1 != 0x20 && $0 | 0x20 == $1) }),
            line.dropFirst(4).first == " "
        else { return nil }
        let afterKeyword = trimLeading(line.dropFirst(5))
        let date = afterKeyword.prefix(10)
        guard date.count == 10, isISODate(date) else { return nil }
        let rest = afterKeyword.dropFirst(10)
        guard rest.isEmpty || rest.first!.isWhitespace else { return nil }
        var bodyLines = Array(lines[(first + 1)...])
        let sameLine = trimLeading(rest)
        if !sameLine.isEmpty { bodyLines.insert(sameLine, at: 0) }
        return (String(date), blockGroups(bodyLines[...]))
    }

    private static func isISODate(_ text: Substring) -> Bool {
        let utf8 = Array(text.utf8)
        return utf8.count == 10 && utf8[4] == UInt8(ascii: "-") && utf8[7] == UInt8(ascii: "-")
            && [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[$0]) }
    }

    /// A first block made only of `Key: value` lines, at least one with a known key, then a body.
    static func headerBlock(_ lines: [Substring]) -> ([ParsedText.Header], [LineGroup])? {
        guard let first = lines.firstIndex(where: { !$0.isEmpty }) else { return nil }
        var headers: [ParsedText.Header] = []
        var index = first
        while index < lines.count, !isBlank(lines[index]) {
            guard let header = headerLine(lines[index]) else { return nil }
            headers.append(header)
            index += 1
        }
        guard headers.contains(where: { knownHeaderKeys.contains($0.key.lowercased()) }) else { return nil }
        return (headers, blockGroups(lines[index...]))
    }

    private static func headerLine(_ line: Substring) -> ParsedText.Header? {
        let line = trimLeading(line)
        // The colon is ASCII: its byte is where a `:` character starts.
        guard let colon = line.utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let key = line[..<colon]
        guard let firstCharacter = key.first, firstCharacter.isLetter, key.count <= 40,
            key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == " " }),
            key.last != " "
        else { return nil }
        let value = trimLeading(line[line.index(after: colon)...])
        return ParsedText.Header(key: String(key), value: String(value))
    }

    /// Groups lines into blocks at blank lines; each block keeps its lines, leading space trimmed.
    static func blockGroups(_ lines: ArraySlice<Substring>) -> [LineGroup] {
        var groups: [LineGroup] = []
        groups.reserveCapacity(lines.count / 2 + 1)
        var current: LineGroup?
        for line in lines {
            let trimmed = trimLeading(line)
            if trimmed.isEmpty {
                if let group = current { groups.append(group) }
                current = nil
            } else if current == nil {
                current = LineGroup(first: String(trimmed))
            } else {
                current!.more.append(String(trimmed))
            }
        }
        if let group = current { groups.append(group) }
        return groups
    }

    /// The lines of one block. Most blocks are a single line, which needs no array of its own.
    struct LineGroup {
        var first: String
        var more: [String] = []

        var isSingleLine: Bool { more.isEmpty }

        var lines: [String] { [first] + more }

        /// The block's text: its lines joined by spaces.
        var text: String { more.isEmpty ? first : lines.joined(separator: " ") }
    }

    /// Turns line groups into blocks: one short unpunctuated line is a subheading, a body of a single
    /// block is always a paragraph.
    static func classify(_ groups: some RandomAccessCollection<LineGroup>) -> [TextBlock] {
        groups.map { group in
            let text = group.text
            let isSubheading = groups.count > 1 && group.isSingleLine && isHeadingLike(text)
            return TextBlock(isSubheading ? .subheading : .paragraph, text)
        }
    }

    /// Blocks from body text whose paragraphs are split by blank lines (or, failing those, by
    /// single line ends), as in JSON `text` fields and JSON-LD `articleBody`.
    static func classify(paragraphs body: String) -> [TextBlock] {
        let lines = splitLines(body)
        var groups = blockGroups(lines[...])
        if groups.count == 1, !groups[0].isSingleLine {
            groups = groups[0].lines.map { LineGroup(first: $0) }
        }
        return classify(groups)
    }

    /// True when some subheading has a paragraph on each side.
    static func hasIsolatedSubheading(_ blocks: [TextBlock]) -> Bool {
        blocks.indices.contains { index in
            blocks[index].kind == .subheading && index > 0 && index + 1 < blocks.count
                && blocks[index - 1].kind == .paragraph && blocks[index + 1].kind == .paragraph
        }
    }

    /// True when the number of white-space separated words in `line` lies in `range`; stops
    /// counting once past it. Walks the UTF-8 bytes; white space is a scalar's `White_Space`.
    static func hasWordCount(_ line: String, in range: ClosedRange<Int>) -> Bool {
        var line = line
        return ScalarClasses.table.withUnsafeBufferPointer { table in
            line.withUTF8 { utf8 in
                // A word starts where a character that is not white space follows one that is (or
                // the start); counted without branching on the classes.
                var words = 0
                var inWord: UInt8 = 0
                var index = 0
                while index < utf8.count {
                    let (bits, length) = ScalarClasses.bits(at: index, of: utf8, in: table)
                    index += length
                    let notSpace: UInt8 = bits & ScalarClasses.space == 0 ? 1 : 0
                    words &+= Int(notSpace & ~inWord & 1)
                    inWord = notSpace
                    if words > range.upperBound { return false }
                }
                return range.contains(words)
            }
        }
    }

    /// Short (at most 20 words and 200 characters) and without sentence-final punctuation, once
    /// closing quotes and brackets are set aside. A headline may end in a question or exclamation
    /// mark (`allowQuestion`); a subheading may not.
    static func isHeadingLike(_ line: String, allowQuestion: Bool = false) -> Bool {
        // At most 200 characters: 200 UTF-8 bytes or fewer always are, more than 800 never. The
        // word count comes first: it stops after 21 words, which rules out most paragraphs.
        let bytes = line.utf8.count
        guard bytes <= 800, hasWordCount(line, in: 1...20), bytes <= 200 || line.count <= 200 else { return false }
        guard let last = line.unicodeScalars.reversed().first(where: { !isCloser($0) }) else { return false }
        switch last {
        case ".", "…", ":", ";", ",", "。": return false
        case "!", "?", "！", "？": return allowQuestion
        default: return true
        }
    }

    /// Closing quotes and brackets, set aside when looking for final punctuation.
    private static func isCloser(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "’", "”", "\"", "'", "»", ")", "]", "›", "*": true
        default: false
        }
    }
}
