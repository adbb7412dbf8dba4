/// The authors a page shows its readers, for pages whose metadata names none: the first element
/// marked as the author (`itemprop="author"`, or a class with `byline` or `author` in it) whose
/// short text gives person names, such as `<div class="byline">By A and B</div>`.
enum VisibleByline {
    /// Longer texts are biographies or paragraphs, not bylines.
    static let longestText = 120
    static let markers: [StaticString] = ["byline", "author"]

    static func find(in root: MarkupNode, names: AuthorNames) -> [String] {
        root.firstElement(visitingAtMost: VisibleDateline.visitLimit) { element in
            guard element.isMarked(by: markers, in: ["class"]) || element.isMarked(by: ["author"], in: ["itemprop"]) else { return nil }
            let text = PageMetadata.collapse(element.textContent)
            guard !text.isEmpty, text.count <= longestText else { return nil }
            let found = names.names(in: [text])
            return found.isEmpty ? nil : found
        } ?? []
    }
}
