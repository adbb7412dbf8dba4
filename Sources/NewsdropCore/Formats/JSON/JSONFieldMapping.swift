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
/// | source | source_name, sitename, publisher, source_domain, hostname, source |
///
/// Everything else goes to `extra`; description, tags, categories and keywords keep their meaning there.
enum JSONFieldMapping {
    static let titleKeys = ["title", "headline"]
    static let plainBodyKeys = ["maintext", "text", "articleBody", "articlebody", "content_text", "content", "body"]
    static let htmlBodyKeys = ["content_html", "html"]
    static let dateKeys = ["date_publish", "date_published", "datePublished", "publish_date", "date", "pubDate", "published"]
    static let authorKeys = ["authors", "author", "creator"]
    static let languageKeys = ["language", "inLanguage", "lang"]
    static let urlKeys = ["url", "link", "canonical_url", "external_url"]
    static let sourceKeys = ["source_name", "sitename", "publisher", "source_domain", "hostname", "source"]
    /// Keys read into fields that do not go to `extra` even when unused (ids and schema noise).
    static let consumedKeys: Set<String> = ["@context", "@type", "id"]

    /// True for a JSON Feed document (`version` names jsonfeed.org and `items` is a list).
    static func isJSONFeed(_ object: [String: JSONValue]) -> Bool {
        guard let version = object["version"]?.string, version.contains("jsonfeed.org") else { return false }
        return object["items"]?.array != nil
    }

    /// A draft from one article object, or `nil` when it has no body.
    static func draft(from object: [String: JSONValue], format: InputFormat) -> ArticleDraft? {
        var used: Set<String> = consumedKeys
        func first(_ keys: [String]) -> (String, JSONValue)? {
            for key in keys {
                if let value = object[key], value != .null, SchemaOrgArticle.text(value) != nil || value.array != nil {
                    return (key, value)
                }
            }
            return nil
        }
        var draft = ArticleDraft(format: format)
        if let (key, value) = first(plainBodyKeys), let body = SchemaOrgArticle.text(value) {
            used.insert(key)
            draft.blocks = PlainTextLayout.classify(paragraphs: body)
        } else if let (key, value) = first(htmlBodyKeys), let html = SchemaOrgArticle.text(value) {
            used.insert(key)
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
        draft.language = take(languageKeys)
        draft.url = take(urlKeys)
        draft.sourceName = take(sourceKeys)
        for (key, value) in object where !used.contains(key) && value != .null {
            draft.extra[key] = value
        }
        return draft
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
