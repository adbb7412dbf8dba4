extension MarkupNode {
    /// The first non-nil `value` of this element and those below it, in document order, visiting
    /// at most `limit` elements; script and style elements are not entered.
    func firstElement<Value>(visitingAtMost limit: Int, giving value: (MarkupNode) -> Value?) -> Value? {
        var budget = limit
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
        return visit(self)
    }

    /// True when one of `attributes` holds one of `markers` (lowercase ASCII), in any case.
    func isMarked(by markers: [StaticString], in attributes: [StaticString]) -> Bool {
        attributes.contains { attribute($0, mentionsAnyOf: markers) }
    }

    /// True when this element or one above it satisfies `test`.
    @inline(__always)
    func isOrHasAncestor(where test: (MarkupNode) -> Bool) -> Bool {
        var current: MarkupNode? = self
        while let element = current {
            if test(element) { return true }
            current = element.parent
        }
        return false
    }
}
