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
        firstElement(in: root, visitLimit: visitLimit, giving: date(of:))
    }

    /// The first non-nil `value` of the elements below `root`, in document order, visiting at most
    /// `visitLimit` elements; script and style elements are not entered.
    static func firstElement<Value>(in root: MarkupNode, visitLimit: Int, giving value: (MarkupNode) -> Value?) -> Value? {
        var budget = visitLimit
        func visit(_ node: MarkupNode) -> Value? {
            budget -= 1
            guard budget >= 0, !node.isNamed("script"), !node.isNamed("style") else { return nil }
            if let found = value(node) { return found }
            for child in node.children where child.isElement {
                if let found = visit(child) { return found }
                if budget < 0 { return nil }
            }
            return nil
        }
        return visit(root)
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

extension MarkupNode {
    /// True when one of `attributes` holds one of `markers` (lowercase ASCII), in any case.
    func isMarked(by markers: [StaticString], in attributes: [StaticString]) -> Bool {
        attributes.contains { attribute($0, mentionsAnyOf: markers) }
    }
}
