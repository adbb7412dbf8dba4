/// Finds an article's body in a web page and drops what surrounds it: navigation, menus, ads,
/// footers, related links, comments and cookie banners.
///
/// 1. Elements that never hold the article are skipped: by tag (`nav`, `aside`, `footer`, `form`,
///    ...), by a class, id or role naming boilerplate (`comment`, `share`, `related`, `cookie`,
///    `ad`, ...), and when hidden.
/// 2. The rest is split into blocks. Each paragraph-like block of real prose (long enough, few
///    links) counts its length toward every element above it.
/// 3. From `<body>` down, the walk enters the child that holds most of that prose while it holds
///    at least `descentShare` of it: the deepest element that still contains the article.
/// 4. Inside it, link lists and boilerplate lines are dropped, and headings become subheadings.
struct MainTextExtractor {
    /// The share of prose a child must hold for the walk to descend into it.
    static let descentShare = 0.72
    /// Shorter blocks do not count as prose when locating the article.
    static let proseMinimum = 60

    let title: String?

    func extract(from root: MarkupNode) -> [TextBlock] {
        let body = root.isNamed("body") ? root : (root.child("body") ?? root)
        var walker = MarkupText(skip: Self.isHidden, mark: Self.isBoilerplate)
        walker.append(body)
        let all = walker.blocks
        guard !all.isEmpty else { return [] }

        // Prose length held by each element, keyed by node address.
        var prose: [UnsafeMutableRawPointer: Int] = [:]
        func addProse(_ blocks: [MarkupText.Block]) {
            for block in blocks where block.kind == .paragraph && isProse(block) {
            var element = block.element
            let length = block.text.utf8.count - block.linkCharacters
            while let current = element {
                prose[UnsafeMutableRawPointer(current.pointer), default: 0] += length
                element = current.parent
            }
            }
        }
        // A boilerplate mark counts unless the marked element holds most of the page's prose
        // (a wrapper around the whole article that happens to carry a "share" class).
        addProse(all)
        let total = prose[UnsafeMutableRawPointer(body.pointer)] ?? 0
        let blocks = all.filter { block in
            !block.marked.contains { Double(prose[UnsafeMutableRawPointer($0.pointer)] ?? 0) < Double(total) * 0.5 }
        }
        guard !blocks.isEmpty else { return [] }
        prose = [:]
        addProse(blocks)
        guard let container = articleContainer(in: body, prose: prose) else {
            return clean(blocks[...])
        }
        let inside = blocks.filter { block in
            guard let element = block.element else { return false }
            return Self.isWithin(element, container)
        }
        return clean(inside[...])
    }

    private func isProse(_ block: MarkupText.Block) -> Bool {
        block.text.utf8.count - block.linkCharacters >= Self.proseMinimum
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

    /// Drops link lists, boilerplate lines and a leading repeat of the title.
    private func clean(_ blocks: ArraySlice<MarkupText.Block>) -> [TextBlock] {
        var result: [TextBlock] = []
        let canonicalTitle = title.map(CanonicalText.canonicalize)
        for block in blocks {
            let length = block.text.utf8.count
            if block.linkCharacters * 2 > length { continue }
            if length < 80, Self.isBoilerplateLine(block.text) { continue }
            if result.isEmpty, block.kind == .subheading, let canonicalTitle, CanonicalText.canonicalize(block.text) == canonicalTitle {
                continue
            }
            result.append(TextBlock(block.kind, block.text))
        }
        while let last = result.last, last.kind == .subheading { result.removeLast() }
        return result
    }

    static func isWithin(_ node: MarkupNode, _ ancestor: MarkupNode) -> Bool {
        var current: MarkupNode? = node
        while let element = current {
            if element.pointer == ancestor.pointer { return true }
            current = element.parent
        }
        return false
    }

    /// Elements hidden from readers.
    static func isHidden(_ node: MarkupNode) -> Bool {
        guard node.pointer.pointee.properties != nil else { return false }
        if node.attributeBytes("hidden") != nil { return true }
        if let value = node.attributeBytes("aria-hidden"), value == Array("true".utf8) { return true }
        if var style = node.attributeBytes("style") {
            style.removeAll { $0 == 0x20 }
            for index in style.indices where style[index] >= 65 && style[index] <= 90 { style[index] += 32 }
            if contains(style, "display:none") || contains(style, "visibility:hidden") { return true }
        }
        return false
    }

    /// Elements that probably hold no article text: by tag, or by a class, id or role.
    static func isBoilerplate(_ node: MarkupNode) -> Bool {
        // Most elements have no attributes and a name no skipped tag starts with: decide without a String.
        guard node.pointer.pointee.properties != nil || node.pointer.pointee.name.map({ skippedTagInitials.contains($0[0]) }) == true
        else { return false }
        let name = node.name
        if skippedTags.contains(name) { return true }
        if name == "body" || name == "html" || name == "main" || name == "article" { return false }
        guard node.pointer.pointee.properties != nil else { return false }
        if let role = node.attribute("role")?.lowercased(), ["navigation", "banner", "contentinfo", "complementary", "dialog", "alert"].contains(role) {
            return true
        }
        var names = node.attributeBytes("class") ?? []
        if let id = node.attributeBytes("id") { names += [0x20] + id }
        guard !names.isEmpty else { return false }
        for index in names.indices where names[index] >= 65 && names[index] <= 90 { names[index] += 32 }
        return namesBoilerplate(names)
    }

    static let textLevel: Set<String> = [
        "p", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "span", "a", "b",
        "i", "em", "strong", "font", "small", "big", "u", "s", "sub", "sup", "code", "q", "cite", "mark",
    ]

    static let skippedTags: Set<String> = [
        "nav", "aside", "footer", "header", "form", "menu", "dialog", "figure", "figcaption", "label",
    ]
    static let skippedTagInitials = Set(skippedTags.compactMap(\.utf8.first))

    /// Strong marks always skip an element; weak ones only when no mark of article content
    /// (`article`, `body`, `content`, `entry`, `post`, `story`, `text`, `main`) is there too.
    static func namesBoilerplate(_ names: [UInt8]) -> Bool {
        if contains(names, "commentary") { return false }
        if strongFragmentIndex.matches(names) { return true }
        var weak = false, positive = false
        var start = 0
        for end in 0...names.count where end == names.count || !isAlphanumeric(names[end]) {
            // Only tokens whose length and first letter some listed token shares are looked up.
            if end > start, end - start < 16, tokenShapes.contains(Int(names[start]) << 4 | (end - start)) {
                let token = String(decoding: names[start..<end], as: UTF8.self)
                if weakTokens.contains(token) { weak = true }
                if positiveTokens.contains(token) { positive = true }
            }
            start = end + 1
        }
        if !weak { weak = weakFragmentIndex.matches(names) }
        return weak && !positive
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte >= 0x80
    }

    /// Byte-wise substring search; class names are short, so the simple loop is the fast one.
    private static func contains(_ haystack: [UInt8], _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard haystack.count >= count else { return false }
        let bytes = needle.utf8Start
        let first = bytes[0]
        return haystack.withUnsafeBufferPointer { buffer in
            var index = 0
            while index + count <= buffer.count {
                if buffer[index] == first {
                    var offset = 1
                    while offset < count, buffer[index + offset] == bytes[offset] { offset += 1 }
                    if offset == count { return true }
                }
                index += 1
            }
            return false
        }
    }

    static let strongFragments: [StaticString] = [
        "comment", "disqus", "cookie", "consent", "outbrain", "taboola", "newsletter", "social", "share",
        "sharing", "popup", "modal", "sponsor", "promo", "advert", "paywall",
    ]

    static let strongFragmentIndex = FragmentIndex(strongFragments)
    static let weakFragmentIndex = FragmentIndex(weakFragments)

    /// Finds whether any of a set of ASCII fragments occurs in a byte string, in one pass: at each
    /// position only the fragments that start with that byte are compared.
    struct FragmentIndex: Sendable {
        private var byFirstByte: [[[UInt8]]] = Array(repeating: [], count: 256)

        init(_ fragments: [StaticString]) {
            for fragment in fragments {
                let bytes = Array(UnsafeBufferPointer(start: fragment.utf8Start, count: fragment.utf8CodeUnitCount))
                byFirstByte[Int(bytes[0])].append(bytes)
            }
        }

        func matches(_ haystack: [UInt8]) -> Bool {
            haystack.withUnsafeBufferPointer { buffer in
                for start in buffer.indices {
                    for fragment in byFirstByte[Int(buffer[start])] where start + fragment.count <= buffer.count {
                        var offset = 1
                        while offset < fragment.count, buffer[start + offset] == fragment[offset] { offset += 1 }
                        if offset == fragment.count { return true }
                    }
                }
                return false
            }
        }
    }

    static let weakTokens: Set<String> = [
        "ad", "ads", "adv", "banner", "nav", "navbar", "navigation", "menu", "footer", "sidebar", "byline",
        "author", "tags", "tag", "caption", "credit", "hidden", "hide", "print", "toolbar", "masthead", "breadcrumb",
        "breadcrumbs", "meta", "dateline", "timestamp", "skip", "overlay", "widget", "pagination", "pager",
    ]

    static let weakFragments: [StaticString] = [
        "related", "recommend", "subscribe", "signup", "sign-up", "trending", "most-read", "mostread",
        "most-popular", "read-more", "readmore", "more-stories", "further-reading", "rail",
    ]

    static let tokenShapes: Set<Int> = Set((weakTokens.union(positiveTokens)).map { Int($0.utf8.first!) << 4 | $0.utf8.count })

    static let positiveTokens: Set<String> = [
        "article", "body", "content", "entry", "post", "story", "text", "main", "prose",
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
