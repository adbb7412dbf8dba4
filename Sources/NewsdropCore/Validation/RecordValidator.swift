/// Checks one archive record against the record schema (`schema/record.schema.json`) and against
/// its own content: the id must be the hash of the record's canonical text, and `text` must be
/// its blocks joined by blank lines.
public enum RecordValidator {
    static let keys: Set<String> = [
        "schema_version", "id", "simhash", "near_duplicate_of", "similarity", "title", "authors", "date_published", "date_published_raw",
        "language", "url",
        "source_name", "text", "blocks", "word_count", "input_format", "source_file", "date_ingested", "parse", "extra",
    ]

    /// Every problem found with `record`; empty when it is valid.
    public static func problems(in record: JSONValue) -> [String] {
        guard let fields = record.object else { return ["the line is not a JSON object"] }
        var problems: [String] = []
        for key in keys.subtracting(fields.keys).sorted() { problems.append("missing key \(key)") }
        for key in Set(fields.keys).subtracting(keys).sorted() { problems.append("unknown key \(key)") }
        func check(_ key: String, _ condition: (JSONValue) -> Bool, _ expected: String) {
            if let value = fields[key], !condition(value) { problems.append("\(key) is not \(expected)") }
        }
        check("schema_version", { $0.integer == ArticleRecord.schemaVersion }, "\(ArticleRecord.schemaVersion)")
        check("id", { $0.string.map(isLowerHex(32)) ?? false }, "32 lowercase hex digits")
        check("simhash", { $0.string.map(isLowerHex(16)) ?? false }, "16 lowercase hex digits")
        check("near_duplicate_of", { $0 == .null || ($0.string.map(isLowerHex(32)) ?? false) }, "null or an id")
        check(
            "similarity",
            { value in
                if value == .null { return true }
                if case .number(let number) = value { return (0...1).contains(number) }
                return false
            }, "null or a number from 0 to 1")
        if (fields["near_duplicate_of"] == .null) != (fields["similarity"] == .null) {
            problems.append("near_duplicate_of and similarity must be both null or both set")
        }
        check("title", { $0 == .null || ($0.string.map { !$0.isEmpty } ?? false) }, "null or a non-empty string")
        check("authors", { $0.array?.allSatisfy { $0.string.map { !$0.isEmpty } ?? false } ?? false }, "an array of names")
        check(
            "date_published", { $0 == .null || ($0.string.flatMap(PublicationDateParser.iso8601) != nil) },
            "null, YYYY-MM-DD or RFC 3339")
        for key in ["date_published_raw", "language", "url", "source_name"] {
            check(key, { $0 == .null || $0.string != nil }, "null or a string")
        }
        check("text", { $0.string.map { !$0.isEmpty } ?? false }, "a non-empty string")
        check(
            "blocks", { $0.array.map { !$0.isEmpty && $0.allSatisfy(isBlock) } ?? false },
            "a non-empty array of {kind: paragraph|subheading, text}")
        check("word_count", { ($0.integer ?? -1) >= 0 }, "a whole number")
        check("input_format", { $0.string.flatMap(InputFormat.init(rawValue:)) != nil }, "a known input format")
        check("source_file", isSourceFile, "{name, sha256, size_bytes, mtime, item}")
        check("date_ingested", { $0.string.map(isUTCTimestamp) ?? false }, "an RFC 3339 UTC time")
        check(
            "parse", { $0.object.map { $0.count == 1 && ($0["warnings"]?.array?.allSatisfy { $0.string != nil } ?? false) } ?? false },
            "{warnings: [string]}")
        check("extra", { $0.object != nil }, "an object")
        guard problems.isEmpty else { return problems }

        let blocks = fields["blocks"]!.array!.map { block in
            TextBlock(TextBlock.Kind(rawValue: block.object!["kind"]!.string!)!, block.object!["text"]!.string!)
        }
        if fields["text"]!.string! != ArticleParser.text(of: blocks) {
            problems.append("text is not the blocks joined by blank lines")
        }
        let canonical = CanonicalText.identityText(title: fields["title"]!.string, blocks: blocks)
        let expected = ArticleID(canonicalText: canonical)
        if expected.description != fields["id"]!.string! {
            problems.append("id \(fields["id"]!.string!) does not match the record's canonical text (expected \(expected))")
        }
        let simhash = ArticleRecord.hex16(Shingles.simHash(canonicalText: canonical))
        if simhash != fields["simhash"]!.string! {
            problems.append("simhash \(fields["simhash"]!.string!) does not match the record's canonical text (expected \(simhash))")
        }
        return problems
    }

    private static func isLowerHex(_ length: Int) -> (String) -> Bool {
        { text in text.utf8.count == length && text.utf8.allSatisfy { HexDigits.value(of: $0) != nil && !(65...70).contains($0) } }
    }

    private static func isBlock(_ value: JSONValue) -> Bool {
        guard let block = value.object, block.count == 2, let kind = block["kind"]?.string,
            TextBlock.Kind(rawValue: kind) != nil, let text = block["text"]?.string
        else { return false }
        return !text.isEmpty
    }

    private static func isSourceFile(_ value: JSONValue) -> Bool {
        // `item` came with multi-article formats; records written before it lack the key.
        let item = value.object?["item"]
        guard let file = value.object, file.count == (item == nil ? 4 : 5), item == nil || item == .null || (item?.integer ?? -1) >= 0,
            let name = file["name"]?.string, !name.isEmpty,
            let sha = file["sha256"]?.string, isLowerHex(64)(sha), let size = file["size_bytes"]?.integer, size >= 1,
            let mtime = file["mtime"]?.string
        else { return false }
        return isUTCTimestamp(mtime)
    }

    private static func isUTCTimestamp(_ text: String) -> Bool {
        guard text.hasSuffix("Z"), let date = PublicationDateParser.iso8601(text) else { return false }
        return date.time?.utcOffsetMinutes == 0
    }
}
