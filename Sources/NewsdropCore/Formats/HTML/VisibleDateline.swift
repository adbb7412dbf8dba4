/// The date a page shows its readers: the first element
/// marked as a date (`itemprop="datePublished"`, or a class or id with `date`, `publish`,
/// `posted`, `time` or `byline` in it) whose value or short text reads as a date, such as
/// `<p class="article-date">Published: December 20, 2023</p>` or
/// `<span class="byline">By A | February 28, 2023</span>`; not one marked as the time of a
/// change (`mod-time`, `modified`), nor one directly inside such an element. Failing that, the
/// first short text under the headline whose first words read as a date, as in
/// `<h1>…</h1><div>Dec 20, 2023 <span>6 min read</span></div>`.
enum VisibleDateline {
    /// Elements visited at most, so a huge page costs a bounded walk.
    static let visitLimit = 50_000
    /// Longer texts are paragraphs, not datelines.
    static let longestText = 80
    static let markers: [StaticString] = ["date", "publish", "posted", "time", "byline"]
    /// Marks of the time of the last change, which a page may show beside its publication date.
    static let revisionMarkers: [StaticString] = ["modtime", "mod-time", "modified"]

    /// Elements looked at after the headline: the dateline sits just under it.
    static let headlineReach = 40

    static func find(in root: MarkupNode) -> String? {
        root.firstElement(visitingAtMost: visitLimit, giving: date(of:)) ?? underHeadline(in: root)
    }

    /// The first short text within `headlineReach` elements after the first `<h1>` whose first
    /// words read as a date.
    static func underHeadline(in root: MarkupNode) -> String? {
        var visitedSinceHeadline: Int?
        // `.some(nil)` ends the walk: the headline's neighbourhood held no date.
        let found: String?? = root.firstElement(visitingAtMost: visitLimit) { element in
            guard let visited = visitedSinceHeadline else {
                if element.isNamed("h1") { visitedSinceHeadline = 0 }
                return nil
            }
            guard visited < headlineReach else { return .some(nil) }
            visitedSinceHeadline = visited + 1
            return shortText(of: element).flatMap(leadingDate).map { .some($0) }
        }
        return found ?? nil
    }

    /// The element's text with white space collapsed, when it is at most `longestText` long.
    private static func shortText(of element: MarkupNode) -> String? {
        // Indentation counts towards the raw limit, so it is looser than the collapsed one.
        guard let raw = element.text(atMost: 8 * longestText) else { return nil }
        let text = PageMetadata.collapse(raw)
        return text.count <= longestText ? text : nil
    }

    /// The longest run of words, up to eight, at the start of `text` that reads as a date:
    /// `Dec 20, 2023` of `Dec 20, 2023 6 min read`.
    static func leadingDate(_ text: String) -> String? {
        let words = text.split(separator: " ")
        return stride(from: min(words.count, 8), through: 2, by: -1).lazy
            .map { words.prefix($0).joined(separator: " ") }
            .first { PublicationDateParser.recognized($0) != nil }
    }

    /// Marked as the time of a change, such as `<time class="mod-time">`.
    private static func isRevision(_ element: MarkupNode) -> Bool {
        element.isMarked(by: revisionMarkers, in: ["class", "id"])
    }

    private static func date(of element: MarkupNode) -> String? {
        if element.isMarked(by: ["datepublished"], in: ["itemprop"]),
            let value = element.attribute("content") ?? element.attribute("datetime"),
            PublicationDateParser.recognized(value) != nil
        {
            return value
        }
        guard element.isMarked(by: markers, in: ["class", "id"]), !isRevision(element),
            !(element.parent.map(isRevision) ?? false)
        else { return nil }
        guard let text = shortText(of: element), !text.isEmpty else { return nil }
        if PublicationDateParser.recognized(text) != nil { return text }
        // "Posted: Dec 22, 2023 8:25 AM EST | Last Updated: January 2": the first part that reads.
        return text.split(separator: "|").lazy.map { $0.trimmingCharacters(in: .whitespaces) }
            .first { PublicationDateParser.recognized($0) != nil }
    }
}
