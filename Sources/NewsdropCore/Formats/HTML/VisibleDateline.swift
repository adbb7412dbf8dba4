/// The date a page shows its readers, for pages whose metadata gives none: the first element
/// marked as a date (`itemprop="datePublished"`, or a class or id with `date`, `publish`,
/// `posted`, `time` or `byline` in it) whose value or short text reads as a date, such as
/// `<p class="article-date">Published: December 20, 2023</p>` or
/// `<span class="byline">By A | February 28, 2023</span>`.
enum VisibleDateline {
    /// Elements visited at most, so a huge page costs a bounded walk.
    static let visitLimit = 50_000
    /// Longer texts are paragraphs, not datelines.
    static let longestText = 80
    static let markers: [StaticString] = ["date", "publish", "posted", "time", "byline"]

    static func find(in root: MarkupNode) -> String? {
        root.firstElement(visitingAtMost: visitLimit, giving: date(of:))
    }

    private static func date(of element: MarkupNode) -> String? {
        if element.isMarked(by: ["datepublished"], in: ["itemprop"]),
            let value = element.attribute("content") ?? element.attribute("datetime"),
            PublicationDateParser.recognized(value) != nil
        {
            return value
        }
        guard element.isMarked(by: markers, in: ["class", "id"]) else { return nil }
        let text = PageMetadata.collapse(element.textContent)
        guard !text.isEmpty, text.count <= longestText else { return nil }
        return PublicationDateParser.recognized(text) != nil ? text : nil
    }
}
