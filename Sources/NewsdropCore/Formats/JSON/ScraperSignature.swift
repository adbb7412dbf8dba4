/// The scraper that wrote a JSON article, told by keys that only its output has. Keys whose
/// meaning differs between tools are read by the tool's own meaning, not by first match:
/// trafilatura's `source` is the page's URL and its `hostname` the domain, where elsewhere
/// `source` names the publication.
enum ScraperSignature: Equatable {
    /// `trafilatura.extract(output_format="json", with_metadata=True)`: `raw_text`,
    /// `source-hostname`, or `fingerprint` beside `hostname`.
    case trafilatura
    /// news-please's `get_serializable_dict()`: `maintext` beside `source_domain` or `date_download`.
    case newsPlease
    /// newspaper4k's `Article.to_json()`: `meta_site_name`, `canonical_link` or `meta_lang`
    /// beside `text`.
    case newspaper4k
    /// Anything else: schema.org, JSON Feed items, a Scrapy feed export, hand-written JSON.
    case other

    init(_ object: [String: JSONValue]) {
        func has(_ key: String) -> Bool { object[key] != nil }
        if has("raw_text") || has("source-hostname") || (has("fingerprint") && has("hostname")) {
            self = .trafilatura
        } else if has("maintext") && (has("source_domain") || has("date_download")) {
            self = .newsPlease
        } else if has("text") && (has("meta_site_name") || has("canonical_link") || has("meta_lang")) {
            self = .newspaper4k
        } else {
            self = .other
        }
    }

    /// Keys of the page's URL, first present wins.
    var urlKeys: [String] {
        switch self {
        case .trafilatura: ["source", "url"]
        case .newspaper4k: ["url", "canonical_link"]
        case .newsPlease, .other: JSONFieldMapping.urlKeys
        }
    }

    /// Keys of the publication's name, first present wins.
    var sourceKeys: [String] {
        switch self {
        case .trafilatura: ["source-hostname", "sitename", "hostname"]
        case .newsPlease: ["source_domain"]
        case .newspaper4k: ["meta_site_name", "source_name"]
        case .other: JSONFieldMapping.sourceKeys
        }
    }

    /// Keys of the language, first present wins.
    var languageKeys: [String] {
        self == .newspaper4k ? ["language", "meta_lang"] : JSONFieldMapping.languageKeys
    }

    /// Keys that hold a second copy of the body, never copied to `extra`.
    var bodyCopyKeys: Set<String> {
        switch self {
        case .trafilatura: ["raw_text"]
        case .newspaper4k: ["article_html"]
        case .newsPlease, .other: []
        }
    }

    /// True for a value the tool writes for "unknown": news-please turns a missing date into the
    /// string `None`.
    func isUnknown(_ value: JSONValue) -> Bool {
        self == .newsPlease && value.string == "None"
    }
}
