public import Foundation

/// What the inbox knows about a file besides its bytes.
public struct FileFacts: Sendable, Equatable {
    public var name: String
    public var modified: Date
    /// The name's bytes in hex when they are not valid UTF-8 (`name` then shows U+FFFD for them).
    public var undecodableNameHex: String?

    public init(name: String, modified: Date, undecodableNameHex: String? = nil) {
        self.name = name
        self.modified = modified
        self.undecodableNameHex = undecodableNameHex
    }
}

/// Turns an inbox file's bytes into normalized records. Pure: no I/O, no clock of its own.
///
/// The format is chosen by content (`FormatReaders.read`); each format reader yields drafts, and every
/// draft becomes a record the same way: its date parsed, its language declared or detected, its id
/// and SimHash computed from the canonical text.
public struct ArticleParser: Sendable {
    public init() {}

    /// Parses every article in `bytes`; `now` is the ingestion time and the reference for
    /// implausible dates. Throws when the file as a whole holds no usable article.
    public func parseAll(_ bytes: [UInt8], file: FileFacts, now: Date) throws(RejectionError) -> ParsedFile {
        try parseAll(bytes, file: file, now: now, as: nil)
    }

    /// ``parseAll(_:file:now:)`` with the format family given rather than sniffed: how the fuzz
    /// targets hand arbitrary bytes to one format's reader.
    package func parseAll(
        _ bytes: [UInt8], file: FileFacts, now: Date, as family: FormatReaders.Family?
    ) throws(RejectionError) -> ParsedFile {
        guard !bytes.isEmpty else { throw .empty }
        let drafted = try FormatReaders.read(bytes, fileName: file.name, as: family)
        let sha256 = sha256Hex(bytes)
        var records: [ArticleRecord] = []
        var skipped = drafted.skipped
        let multiple = drafted.drafts.count > 1 || drafted.drafts.contains { $0.index != nil }
        for (index, draft) in drafted.drafts {
            guard draft.hasText else {
                if multiple {
                    skipped.append(
                        SkippedItem(
                            index: index ?? 0, reason: RejectionError.noText.reason,
                            message: "the item holds no article text"))
                    continue
                }
                throw .noText
            }
            let source = SourceFile(
                name: file.name, sha256: sha256, sizeBytes: bytes.count, modified: file.modified,
                item: multiple ? index : nil)
            var record = record(from: draft, source: source, now: now)
            if let hex = file.undecodableNameHex {
                record.warnings.append(
                    "the file name is not valid UTF-8 (hex \(hex)); source_file.name shows U+FFFD for its undecodable bytes")
            }
            records.append(record)
        }
        guard !records.isEmpty else {
            if skipped.isEmpty { throw .noText }
            throw .noArticles(skipped)
        }
        skipped.sort { $0.index < $1.index }
        return ParsedFile(records: records, skipped: skipped)
    }

    /// Parses a file expected to hold one article and returns its first record.
    public func parse(_ bytes: [UInt8], file: FileFacts, now: Date) throws(RejectionError) -> ArticleRecord {
        try parseAll(bytes, file: file, now: now).records[0]
    }

    func record(from draft: ArticleDraft, source: SourceFile, now: Date) -> ArticleRecord {
        var draft = draft
        // A title that came out empty (a heading of markup only, say) is no title: the record
        // says null, never "".
        if draft.title?.isEmpty == true { draft.title = nil }
        var warnings = draft.warnings
        var datePublished: PublicationDate?
        if let raw = draft.dateRaw {
            switch PublicationDateParser.parse(raw, now: now) {
            case .success(let date): datePublished = date
            case .failure(.unrecognized): warnings.append("date \"\(raw)\" was not understood; date_published is null")
            case .failure(.implausible): warnings.append("date \"\(raw)\" is implausible; date_published is null")
            }
        }
        let text = Self.text(of: draft.blocks)
        var language = draft.language.flatMap(LanguageTag.normalized)
        if language == nil {
            let detection = LanguageDetector.detect(title: draft.title, text: text)
            language = detection.code
            if let remark = detection.remark { warnings.append(remark) }
        }
        let (id, simhash) = CanonicalText.identityBytes(title: draft.title, blocks: draft.blocks).withUnsafeBufferPointer {
            (ArticleID(canonicalBytes: $0), Shingles.simHash(canonicalBytes: $0))
        }
        return ArticleRecord(
            id: id,
            simhash: simhash,
            title: draft.title,
            authors: draft.authors,
            datePublished: datePublished,
            datePublishedRaw: draft.dateRaw,
            language: language,
            url: draft.url,
            sourceName: draft.sourceName,
            text: text,
            blocks: draft.blocks,
            wordCount: Self.wordCount(text),
            inputFormat: draft.format,
            sourceFile: source,
            dateIngested: now,
            warnings: warnings,
            extra: draft.extra
        )
    }

    /// The record's text: the blocks joined by blank lines, in one allocation (`joined` grows its
    /// result several times over).
    static func text(of blocks: [TextBlock]) -> String {
        var text = ""
        text.reserveCapacity(blocks.reduce(2 * max(blocks.count - 1, 0)) { $0 + $1.text.utf8.count })
        for (index, block) in blocks.enumerated() {
            if index > 0 { text += "\n\n" }
            text += block.text
        }
        return text
    }

    /// Words are whitespace-separated runs holding at least one letter or digit.
    public static func wordCount(_ text: String) -> Int {
        var text = text
        return ScalarClasses.table.withUnsafeBufferPointer { table in
            text.withUTF8 { utf8 in
                // Without branches on the classes: word boundaries are too frequent to predict.
                var count = 0
                var inWord: UInt8 = 0
                var wordHasContent: UInt8 = 0
                var index = 0
                while index < utf8.count {
                    let (bits, length) = ScalarClasses.bits(at: index, of: utf8, in: table)
                    index += length
                    let space: UInt8 = bits & ScalarClasses.space != 0 ? 1 : 0
                    let word: UInt8 = bits & ScalarClasses.word != 0 ? 1 : 0
                    count &+= Int(space & inWord & wordHasContent)
                    wordHasContent = (wordHasContent | word) & (space ^ 1)
                    inWord = space ^ 1
                }
                return count &+ Int(inWord & wordHasContent)
            }
        }
    }

}
