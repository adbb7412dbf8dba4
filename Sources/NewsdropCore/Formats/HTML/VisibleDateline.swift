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

    /// The first non-nil `value` of the elements below `root`, in document order; script and style
    /// elements are not entered.
    static func firstElement<Value>(in root: MarkupNode, visitLimit: Int, giving value: (MarkupNode) -> Value?) -> Value? {
        var visited = 0
        var stack = [root]
        while let node = stack.popLast(), visited < visitLimit {
            visited += 1
            if node.isNamed("script") || node.isNamed("style") { continue }
            if let found = value(node) { return found }
            stack.append(contentsOf: node.children.filter(\.isElement).reversed())
        }
        return nil
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
    /// True when one of `attributes` holds one of `markers` (lowercase ASCII), in any case; read
    /// as bytes, since the walks that ask visit every element of a page.
    func isMarked(by markers: [StaticString], in attributes: [StaticString]) -> Bool {
        for attribute in attributes {
            guard var value = attributeBytes(attribute) else { continue }
            for index in value.indices where value[index] >= 65 && value[index] <= 90 { value[index] += 32 }
            if markers.contains(where: { ElementClassifier.contains(value, $0) }) { return true }
        }
        return false
    }
}
