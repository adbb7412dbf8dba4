/// The date a page shows its readers: the first element
/// marked as a date (`itemprop="datePublished"`, or a class or id with `date`, `publish`,
/// `posted`, `time` or `byline` in it) whose value or short text reads as a date, such as
/// `<p class="article-date">Published: December 20, 2023</p>` or
/// `<span class="byline">By A | February 28, 2023</span>`; not one marked as the time of a
/// change (`mod-time`, `modified`), nor one directly inside such an element.
enum VisibleDateline {
    /// Elements visited at most, so a huge page costs a bounded walk.
    static let visitLimit = 50_000
    /// Longer texts are paragraphs, not datelines.
    static let longestText = 80
    static let markers: [StaticString] = ["date", "publish", "posted", "time", "byline"]
    /// Marks of the time of the last change, which a page may show beside its publication date.
    static let revisionMarkers: [StaticString] = ["modtime", "mod-time", "modified"]

    static func find(in root: MarkupNode) -> String? {
        root.firstElement(visitingAtMost: visitLimit, giving: date(of:))
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
        let text = PageMetadata.collapse(element.textContent)
        guard !text.isEmpty, text.count <= longestText else { return nil }
        if PublicationDateParser.recognized(text) != nil { return text }
        // "Posted: Dec 22, 2023 8:25 AM EST | Last Updated: January 2": the first part that reads.
        return text.split(separator: "|").lazy.map { $0.trimmingCharacters(in: .whitespaces) }
            .first { PublicationDateParser.recognized($0) != nil }
    }
}
