import Foundation

/// JSON articles: one object, an array of objects, or JSON Lines; JSON Feed documents.
///
/// Field names of news-please, trafilatura, newspaper4k, Scrapy items, schema.org `NewsArticle`
/// and JSON Feed 1.1 map to record fields (`JSONFieldMapping`, by each scraper's own meaning:
/// `ScraperSignature`); keys with no field go to `extra`.
enum JSONArticleReader {
    static func read(_ decoded: TextDecoding.Decoded) throws(RejectionError) -> DraftedFile {
        var file = DraftedFile()
        let items: [(Int, Result<JSONValue, RejectionError>)]
        if let whole = parse(decoded.text) {
            if case .object(let object) = whole, JSONFieldMapping.isJSONFeed(object) {
                return feed(object, warnings: decoded.warnings)
            }
            switch whole {
            case .array(let elements): items = elements.enumerated().map { ($0, .success($1)) }
            case .object(let object) where object["@graph"] != nil:
                items = SchemaOrgArticle.articles(in: whole).enumerated().map { ($0, .success(.object($1))) }
            default: items = [(0, .success(whole))]
            }
        } else {
            items = try jsonLines(decoded.text)
        }
        let single = items.count == 1
        for (index, item) in items {
            switch item {
            case .failure(let error):
                file.skipped.append(SkippedItem(index: index, reason: error.reason, message: error.message))
            case .success(.object(let object)):
                guard var draft = JSONFieldMapping.draft(from: object, format: .json) else {
                    let error = RejectionError.notAnArticle(
                        "no body field among its keys: \(object.keys.sorted().prefix(8).joined(separator: ", "))")
                    if single { throw error }
                    file.skipped.append(SkippedItem(index: index, reason: error.reason, message: error.message))
                    continue
                }
                draft.warnings = decoded.warnings + draft.warnings
                file.drafts.append((single ? nil : index, draft))
            case .success(let other):
                let error = RejectionError.notAnArticle("the value is \(kind(of: other)), not an object")
                if single { throw error }
                file.skipped.append(SkippedItem(index: index, reason: error.reason, message: error.message))
            }
        }
        if items.isEmpty { throw .notAnArticle("the array is empty") }
        return file
    }

    /// A JSON Feed: one draft per item, with the feed's title as the source and its language as
    /// the default.
    static func feed(_ object: [String: JSONValue], warnings: [String]) -> DraftedFile {
        var file = DraftedFile()
        let feedTitle = SchemaOrgArticle.text(object["title"])
        let feedLanguage = SchemaOrgArticle.text(object["language"])
        let feedAuthors = SchemaOrgArticle.names(object["authors"] ?? object["author"])
        for (index, item) in (object["items"]?.array ?? []).enumerated() {
            guard let itemObject = item.object, var draft = JSONFieldMapping.draft(from: itemObject, format: .jsonFeed) else {
                file.skipped.append(
                    SkippedItem(
                        index: index, reason: RejectionError.noText.reason,
                        message: "the item has neither content_text nor content_html"))
                continue
            }
            draft.sourceName = draft.sourceName ?? feedTitle
            draft.language = draft.language ?? feedLanguage
            if draft.authors.isEmpty { draft.authors = feedAuthors }
            draft.warnings = warnings + draft.warnings
            file.drafts.append((index, draft))
        }
        return file
    }

    static func parse(_ text: String) -> JSONValue? {
        JSONValue(parsing: Data(text.utf8))
    }

    /// One JSON value per non-empty line; lines that do not parse become skipped items.
    static func jsonLines(_ text: String) throws(RejectionError) -> [(Int, Result<JSONValue, RejectionError>)] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { String($0.trimmedWhitespace) }
            .filter { !$0.isEmpty }
        var items: [(Int, Result<JSONValue, RejectionError>)] = []
        for (index, line) in lines.enumerated() {
            if let value = parse(line) {
                items.append((index, .success(value)))
            } else {
                items.append((index, .failure(.invalidJSON("line \(index + 1) is not a JSON value"))))
            }
        }
        guard items.contains(where: { if case .success = $0.1 { true } else { false } }) else {
            throw .invalidJSON(lines.count > 1 ? "no line is a JSON value" : "syntax error")
        }
        return items
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
