import Foundation

/// Which JSON keys feed which record fields, across the scrapers and formats newsdrop reads.
///
/// | field | keys, in order of preference |
/// |---|---|
/// | title | title, headline |
/// | body | maintext (news-please), text (trafilatura, newspaper4k), articleBody (schema.org), content_text, content_html (JSON Feed), content, body |
/// | date | date_publish, date_published, datePublished, publish_date, date, pubDate, published |
/// | authors | authors (list or "a; b"), author (string, object or list), creator |
/// | language | language, inLanguage, lang |
/// | url | url, link, canonical_url, external_url |
/// | source | source_name, sitename, site_name, publisher, source_domain, hostname, source |
///
/// A scraper's own output is read by its own keys where they differ (``ScraperSignature``).
/// Everything else with a value goes to `extra`, but a second copy of the body: description,
/// tags, categories and keywords keep their meaning there.
enum JSONFieldMapping {
    static let titleKeys = ["title", "headline"]
    static let plainBodyKeys = ["maintext", "text", "articleBody", "articlebody", "content_text", "content", "body"]
    static let htmlBodyKeys = ["content_html", "html"]
    static let dateKeys = ["date_publish", "date_published", "datePublished", "publish_date", "date", "pubDate", "published"]
    static let authorKeys = ["authors", "author", "creator"]
    static let languageKeys = ["language", "inLanguage", "lang"]
    static let urlKeys = ["url", "link", "canonical_url", "external_url"]
    static let sourceKeys = ["source_name", "sitename", "site_name", "publisher", "source_domain", "hostname", "source"]
    /// Keys read into fields that do not go to `extra` even when unused (ids and schema noise).
    static let consumedKeys: Set<String> = ["@context", "@type", "id"]

    /// True for a JSON Feed document (`version` names jsonfeed.org and `items` is a list).
    static func isJSONFeed(_ object: [String: JSONValue]) -> Bool {
        guard let version = object["version"]?.string, version.contains("jsonfeed.org") else { return false }
        return object["items"]?.array != nil
    }

    /// A draft from one article object, or `nil` when it has no body.
    static func draft(from object: [String: JSONValue], format: InputFormat) -> ArticleDraft? {
        let tool = ScraperSignature(object)
        var used: Set<String> = consumedKeys.union(tool.bodyCopyKeys)
        func first(_ keys: [String]) -> (String, JSONValue)? {
            for key in keys {
                if let value = object[key], value != .null, !tool.isUnknown(value),
                    SchemaOrgArticle.text(value) != nil || value.array != nil
                {
                    return (key, value)
                }
            }
            return nil
        }
        var draft = ArticleDraft(format: format)
        let body: String
        if let (key, value) = first(plainBodyKeys), let text = SchemaOrgArticle.text(value) {
            used.insert(key)
            body = text
            draft.blocks = PlainTextLayout.classify(paragraphs: text)
        } else if let (key, value) = first(htmlBodyKeys), let html = SchemaOrgArticle.text(value) {
            used.insert(key)
            body = html
            draft.blocks = MarkupText.blocks(fromFragment: html)
        } else {
            return nil
        }
        for key in plainBodyKeys + htmlBodyKeys where object[key] != nil { used.insert(key) }
        /// The text of the first present key among `keys`, which then stays out of `extra`.
        func take(_ keys: [String]) -> String? {
            guard let (key, value) = first(keys) else { return nil }
            used.insert(key)
            return SchemaOrgArticle.text(value)
        }
        draft.title = take(titleKeys)
        draft.dateRaw = take(dateKeys)
        for key in authorKeys where object[key] != nil && draft.authors.isEmpty {
            used.insert(key)
            draft.authors = authors(object[key])
        }
        draft.language = take(tool.languageKeys)
        draft.url = take(tool.urlKeys.filter { $0 != "source" || isURL(object[$0]) })
        draft.sourceName = take(tool.sourceKeys)
        for (key, value) in object where !used.contains(key) && !isEmpty(value) && !tool.isUnknown(value) {
            guard !repeats(body, value) else { continue }
            draft.extra[key] = value
        }
        return draft
    }

    /// True for an `http(s)` URL.
    static func isURL(_ value: JSONValue?) -> Bool {
        guard let text = value?.string else { return false }
        return text.hasPrefix("https://") || text.hasPrefix("http://")
    }

    /// True for a value that carries nothing: null, an empty string, list or object.
    static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .string(let text): text.isEmpty
        case .array(let elements): elements.isEmpty
        case .object(let members): members.isEmpty
        default: false
        }
    }

    /// True when `value` is a second copy of the body, white space aside.
    static func repeats(_ body: String, _ value: JSONValue) -> Bool {
        guard let text = value.string, text.utf8.count >= body.utf8.count / 2, text.utf8.count <= body.utf8.count * 2 else {
            return false
        }
        return text.split(whereSeparator: \.isWhitespace) == body.split(whereSeparator: \.isWhitespace)
    }

    /// Author names from a list, an object with `name`, or a string listing several ("a; b", "a and b").
    static func authors(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let text)?:
            return HeaderMetadata.splitList(text, separators: [";", ","], andWord: true)
        default:
            return SchemaOrgArticle.names(value).flatMap { HeaderMetadata.splitList($0, separators: [";"]) }
        }
    }
}
