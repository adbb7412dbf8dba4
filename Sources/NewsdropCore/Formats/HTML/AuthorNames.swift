import Foundation

/// Person names from a page's author fields and bylines: `By A and B`, `A, B and C`,
/// `View all posts by A`, `A | Agency` and `A and B, Site` give their names; a date, a role
/// (`Staff Writer`) or the site's own name is never taken for an author.
struct AuthorNames {
    let siteNames: [String]
    /// The distinct words of each site name, read once for every name checked.
    private let siteWords: [Set<String>]

    init(siteNames: [String]) {
        self.siteNames = siteNames
        siteWords = siteNames.map(PageTitle.words).filter { !$0.isEmpty }
    }

    /// Words that, alone or with the site's name, make a role, a desk or a lead-in rather than a
    /// person; after a name (`A Contributor`) they are dropped.
    static let roleWords: Set<String> = [
        "staff", "writer", "writers", "reporter", "reporters", "editor", "editors", "correspondent", "contributor",
        "contributors", "desk", "team", "newsroom", "editorial", "sponsored", "admin", "administrator", "guest", "author", "by",
    ]
    /// Lead-ins before the names of a byline, lowercased.
    static let leadIns = [
        "view all posts by ", "posted by ", "written by ", "words by ", "story by ", "review by ", "reviewed by ", "by ", "von ",
        "par ", "por ",
    ]

    /// The names in `fields` (author values or byline texts), cleaned, site names and roles left out.
    func names(in fields: [String]) -> [String] {
        var names: [String] = []
        for field in fields {
            let text = PageMetadata.collapse(HTMLEntities.decode(field))
            guard !text.isEmpty, !text.hasPrefix("http") else { continue }
            let list = HeaderMetadata.splitList(Self.withoutLeadIn(text), separators: [",", ";"], andWord: true)
            for item in list {
                let name = withoutTrailingAffiliation(Self.withoutLeadIn(Self.beforeBar(item)).trimmingCharacters(in: Self.edgePunctuation))
                if isPersonLike(name) { names.append(name) }
            }
        }
        return PageMetadata.unique(names)
    }

    /// False for an empty value, a date or a number, a role, the site's name, or a sentence.
    func isPersonLike(_ name: String) -> Bool {
        let words = PageTitle.words(name)
        guard !words.isEmpty, words.count <= 6, !name.contains(where: \.isNumber), name.count <= 60 else { return false }
        if siteWords.contains(where: { words.isSubset(of: $0) }) { return false }
        let remaining = siteWords.reduce(words) { $0.subtracting($1) }
        return !remaining.isSubset(of: Self.roleWords)
    }

    /// `A Contributor` → `A`, `A Battle Creek Enquirer` → `A` (the site's name after the person's).
    func withoutTrailingAffiliation(_ name: String) -> String {
        var words = name.split(separator: " ")
        while words.count > 2, let last = words.last, Self.roleWords.contains(last.lowercased()) { words.removeLast() }
        for site in siteNames {
            let siteWords = site.split(separator: " ")
            if words.count > siteWords.count + 1,
                words.suffix(siteWords.count).map({ $0.lowercased() }) == siteWords.map({ $0.lowercased() })
            {
                words.removeLast(siteWords.count)
            }
        }
        return words.joined(separator: " ")
    }

    private static let edgePunctuation = CharacterSet.whitespaces.union(CharacterSet(charactersIn: ",;:|·-–—"))

    private static func withoutLeadIn(_ text: String) -> String {
        let lower = text.lowercased()
        for leadIn in leadIns where lower.hasPrefix(leadIn) {
            return String(text.dropFirst(leadIn.count))
        }
        return text
    }

    /// `A | Agency` → `A`.
    private static func beforeBar(_ text: String) -> String {
        text.components(separatedBy: " | ").first ?? text
    }
}
