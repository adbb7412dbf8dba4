/// Finds an article's body in a web page and drops what surrounds it: navigation, menus, ads,
/// footers, related links, comments and cookie banners.
///
/// 1. Elements that never hold the article are skipped: by tag (`nav`, `aside`, `footer`, `form`,
///    ...), by a class, id or role naming boilerplate (`comment`, `share`, `related`, `cookie`,
///    `ad`, ...), and when hidden.
/// 2. The rest is split into blocks. Each paragraph-like block of real prose (long enough, few
///    links) counts its length toward every element above it.
/// 3. The walk starts where the page names its article's body (`itemprop=articleBody`, a class or
///    id such as `article-body` or `entry-content`) when that holds a fair share of the prose, else
///    at `<body>`. It enters the child that holds most of the prose while it holds at least
///    `descentShare` of it: the deepest element that still contains the article.
/// 4. Inside it, link lists and boilerplate lines are dropped, and headings become subheadings.
struct MainTextExtractor {
    /// The share of prose a child must hold for the walk to descend into it.
    static let descentShare = 0.72
    /// Shorter blocks do not count as prose when locating the article.
    static let proseMinimum = 60
    /// The share of prose the elements named as the article's body must hold to be trusted.
    static let declaredShare = 0.2

    /// How the body was found: by the main-text walk, or, when it found nothing, by a fallback.
    enum Path: String, Sendable {
        case mainText = "the main-text walk"
        /// Boilerplate marks (class and id names) ignored: a page builder that wraps every
        /// paragraph in a "widget" element, say.
        case unmarked = "the densest text container, with class and id names ignored"
        /// The text of the page's `<article>` or `<main>` element.
        case articleElement = "the page's article or main element"
        /// Every visible block outside navigation, header, footer and hidden elements.
        case visibleText = "the page's visible text outside navigation, header and footer"
        /// The page read as its scripts would show it: `<noscript>` and hidden elements walked
        /// (a forum's crawler view, a streamed page's hidden segments).
        case scriptedText = "the page's noscript and hidden elements, which its scripts would show"
        /// No body: the page's readable text is a cookie, consent or login wall
        /// (`BoilerplatePage.isWall(_:)`).
        case wall = "a cookie, consent or login wall"
    }

    /// Whether `<noscript>` and hidden elements are walked as content (`Path.scriptedText`).
    var revealsHidden = false

    /// The body's blocks, and the path that found them. `observe` sees every element named in
    /// `observing` on the way, so that the same walk gathers the page's metadata.
    ///
    /// When the main-text walk finds nothing, the fallbacks are tried in order, the way the best
    /// extractors do: the densest container with class names ignored, then the `<article>` or
    /// `<main>` element, then the visible text. Only a page whose visible text is empty or all
    /// boilerplate lines gives no blocks.
    func extract(
        from root: MarkupNode, observing: Set<String> = [], observe: @escaping (MarkupNode) -> Void = { _ in }
    ) -> (blocks: [TextBlock], path: Path) {
        let body = root.isNamed("body") ? root : (root.child("body") ?? root)
        let classifier = ElementClassifier(revealsHidden: revealsHidden)
        var walker = MarkupText(
            classify: classifier.role, observing: observing, observe: observe, showsNoscript: revealsHidden)
        walker.append(body)
        let all = walker.blocks
        guard !all.isEmpty else { return ([], .mainText) }
        if BoilerplatePage.isWall(all.lazy.filter(isKept)) { return ([], .wall) }
        let main = locate(in: all, body: body, declared: classifier.declaredBodies, honouringMarks: true)
        if !main.isEmpty { return (main, .mainText) }
        let unmarked = locate(in: all, body: body, declared: classifier.declaredBodies, honouringMarks: false)
        if !unmarked.isEmpty { return (unmarked, .unmarked) }
        if let element = Self.firstElement(named: ["article", "main"], in: body) {
            let inside = clean(all.filter { $0.element.map { Self.isWithin($0, element) } ?? false }[...])
            if !inside.isEmpty { return (inside, .articleElement) }
        }
        return (clean(all[...]), .visibleText)
    }

    /// The main-text walk over the blocks: the article's container located by its prose, and the
    /// blocks in it, cleaned. With `honouringMarks`, blocks in elements whose class or id names
    /// boilerplate are left out first.
    private func locate(
        in all: [MarkupText.Block], body: MarkupNode, declared: [(names: [UInt8], node: MarkupNode)], honouringMarks: Bool
    ) -> [TextBlock] {
        // Prose length held by each element, keyed by node address.
        var prose: [UnsafeMutableRawPointer: Int] = [:]
        func add(_ length: Int, from node: MarkupNode?) {
            var element = node
            while let current = element {
                prose[UnsafeMutableRawPointer(current.pointer), default: 0] += length
                element = current.parent
            }
        }
        func addProse(_ blocks: [MarkupText.Block]) {
            // A list's items are short, but a recipe's ingredients and steps are its text: a
            // list whose items hold prose's length together counts as prose.
            var lists: [UnsafeMutableRawPointer: (list: MarkupNode, length: Int)] = [:]
            for block in blocks where block.kind == .paragraph {
                let length = block.text.utf8.count - block.linkCharacters
                if length >= Self.proseMinimum {
                    add(length, from: block.element)
                } else if let item = block.element, item.isNamed("li"), let list = item.parent {
                    lists[UnsafeMutableRawPointer(list.pointer), default: (list, 0)].length += length
                }
            }
            for (list, length) in lists.values where length >= Self.proseMinimum { add(length, from: list) }
        }
        var blocks = all
        if honouringMarks {
            // A boilerplate mark counts unless the marked element is a wrapper around the article
            // that happens to carry a "share" class: it holds most of the page's prose, and the
            // densest container of it (a column of teaser cards marked "sidebar" can hold more
            // prose, but spread over one card each).
            addProse(all)
            let total = prose[UnsafeMutableRawPointer(body.pointer)] ?? 0
            let wrapped = all.filter { block in
                !block.marked.contains { Double(prose[UnsafeMutableRawPointer($0.pointer)] ?? 0) < Double(total) * 0.5 }
            }
            let densest = Self.densestContainer(wrapped)
            blocks = wrapped.filter { block in
                !block.marked.contains { mark in densest.map { !Self.isWithin($0, mark) } ?? false }
            }
            guard !blocks.isEmpty else { return [] }
            prose = [:]
        }
        addProse(blocks)
        let start = declaredBody(among: declared, prose: prose, in: body) ?? body
        guard let container = articleContainer(in: start, prose: prose) else {
            return clean(blocks[...])
        }
        let inside = blocks.filter { block in
            guard let element = block.element else { return false }
            return Self.isWithin(element, container)
        }
        return clean(inside[...])
    }

    /// The first element named one of `names` in document order below `node`.
    private static func firstElement(named names: Set<String>, in node: MarkupNode) -> MarkupNode? {
        for child in node.children where child.isElement {
            if names.contains(child.name) { return child }
            if let found = firstElement(named: names, in: child) { return found }
        }
        return nil
    }

    /// The element that holds the article by the page's own naming: of the elements whose class or
    /// id names an article body, those named alike (an article split into chunks) that hold most
    /// prose, and at least `declaredShare` of the page's; their nearest common ancestor.
    private func declaredBody(
        among declared: [(names: [UInt8], node: MarkupNode)], prose: [UnsafeMutableRawPointer: Int], in body: MarkupNode
    ) -> MarkupNode? {
        var groups: [[UInt8]: (prose: Int, nodes: [MarkupNode])] = [:]
        for (names, node) in declared {
            let amount = prose[UnsafeMutableRawPointer(node.pointer)] ?? 0
            guard amount > 0 else { continue }
            groups[names, default: (0, [])].prose += amount
            groups[names, default: (0, [])].nodes.append(node)
        }
        let total = prose[UnsafeMutableRawPointer(body.pointer)] ?? 0
        guard let best = groups.values.max(by: { $0.prose < $1.prose }),
            Double(best.prose) >= Double(total) * Self.declaredShare
        else { return nil }
        return best.nodes.dropFirst().reduce(best.nodes[0]) { Self.commonAncestor($0, $1) }
    }

    private static func commonAncestor(_ first: MarkupNode, _ second: MarkupNode) -> MarkupNode {
        var ancestors = Set<UnsafeMutableRawPointer>()
        var current: MarkupNode? = first
        while let node = current {
            ancestors.insert(UnsafeMutableRawPointer(node.pointer))
            current = node.parent
        }
        current = second
        while let node = current {
            if ancestors.contains(UnsafeMutableRawPointer(node.pointer)) { return node }
            current = node.parent
        }
        return first
    }

    /// The element whose own paragraphs (its children, or theirs through text-level elements) hold
    /// most prose: an article's paragraphs share a parent, a column of teasers spreads them over
    /// one card each.
    static func densestContainer(_ blocks: [MarkupText.Block]) -> MarkupNode? {
        var held: [UnsafeMutableRawPointer: (node: MarkupNode, prose: Int)] = [:]
        for block in blocks where block.kind == .paragraph {
            let length = block.text.utf8.count - block.linkCharacters
            guard length >= proseMinimum, var container = block.element?.parent else { continue }
            while textLevel.contains(container.name), let parent = container.parent { container = parent }
            held[UnsafeMutableRawPointer(container.pointer), default: (container, 0)].prose += length
        }
        return held.values.max { $0.prose < $1.prose }?.node
    }

    private func articleContainer(in body: MarkupNode, prose: [UnsafeMutableRawPointer: Int]) -> MarkupNode? {
        var current = body
        guard var held = prose[UnsafeMutableRawPointer(body.pointer)], held > 0 else { return nil }
        while true {
            var best: (MarkupNode, Int)?
            // Text-level elements (a paragraph, a list item) are never the article's container.
            for child in current.children where child.isElement && !Self.textLevel.contains(child.name) {
                let amount = prose[UnsafeMutableRawPointer(child.pointer)] ?? 0
                if amount > (best?.1 ?? 0) { best = (child, amount) }
            }
            guard let (child, amount) = best, Double(amount) >= Double(held) * Self.descentShare else { return current }
            current = child
            held = amount
        }
    }

    /// Drops link lists, boilerplate lines and trailing headings.
    private func clean(_ blocks: ArraySlice<MarkupText.Block>) -> [TextBlock] {
        var result: [TextBlock] = []
        for block in blocks where isKept(block) { result.append(TextBlock(block.kind, block.text)) }
        while let last = result.last, last.kind == .subheading { result.removeLast() }
        return result
    }

    /// Whether a block is text rather than a link list or a boilerplate line.
    private func isKept(_ block: MarkupText.Block) -> Bool {
        let length = block.text.utf8.count
        if block.linkCharacters * 2 > length { return false }
        return length >= 80 || !Self.isBoilerplateLine(block.text)
    }

    /// `blocks` without a first heading that repeats the page's title.
    static func droppingRepeatedTitle(_ blocks: [TextBlock], title: String?) -> [TextBlock] {
        guard let first = blocks.first, first.kind == .subheading, let title,
            CanonicalText.canonicalize(first.text) == CanonicalText.canonicalize(title)
        else { return blocks }
        return Array(blocks.dropFirst())
    }

    static func isWithin(_ node: MarkupNode, _ ancestor: MarkupNode) -> Bool {
        node.isOrHasAncestor { $0.pointer == ancestor.pointer }
    }

    static let textLevel: Set<String> = [
        "p", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "span", "a", "b",
        "i", "em", "strong", "font", "small", "big", "u", "s", "sub", "sup", "code", "q", "cite", "mark",
    ]

    /// Short lines that are page furniture rather than article text.
    static func isBoilerplateLine(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return boilerplateLines.contains { lowered.hasPrefix($0) }
    }

    static let boilerplateLines = [
        "advertisement", "share this", "share on", "read more", "read next", "sign up", "subscribe", "follow us",
        "click here", "all rights reserved", "copyright", "©", "related:", "related articles", "recommended",
        "image:", "photo:", "getty images", "supported by", "continue reading", "story continues below",
    ]
}
