import CLibXML2

/// Judges a page's elements for `MainTextExtractor`: hidden ones are skipped, and those whose tag,
/// class, id or role names boilerplate (navigation, comments, sharing, cookie banners, ads,
/// related links) are marked.
///
/// Called once per element, so it reads the attributes in one pass into a reused buffer and
/// remembers per tag name (libxml2 interns names) whether the tag itself is boilerplate.
final class ElementClassifier {
    private var names: [UInt8] = []
    private var tagIsBoilerplate = NameCache<Bool>()
    /// Elements whose class, id or `itemprop` names the article's body (`article-body`,
    /// `entry-content`, `itemprop=articleBody`, ...), in document order.
    /// Each with its class and id (an article split into chunks repeats them).
    private(set) var declaredBodies: [(names: [UInt8], node: MarkupNode)] = []
    /// Whether hidden elements are walked as content: what the page's scripts would show.
    private let revealsHidden: Bool

    init(revealsHidden: Bool = false) {
        self.revealsHidden = revealsHidden
    }

    func role(_ node: MarkupNode) -> MarkupText.ElementRole {
        guard let namePointer = node.pointer.pointee.name else { return .content }
        // A figure is an image with its caption, unless it holds a table (a block editor wraps
        // every table in one).
        let tagMarked =
            tagIsBoilerplate.value(for: namePointer) { Self.skippedTags.contains(node.name) }
            && !(node.isNamed("figure") && node.children.contains { $0.isNamed("table") })
        guard node.pointer.pointee.properties != nil else { return tagMarked ? .marked : .content }

        names.removeAll(keepingCapacity: true)
        var roleMarked = false
        var declaresBody = false
        var attribute = node.pointer.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            guard let attributeName = current.pointee.name else { continue }
            switch AttributeName(attributeName) {
            case .class, .id:
                if !names.isEmpty { names.append(0x20) }
                appendLowercasedValue(of: current)
            case .hidden:
                if !revealsHidden { return .skipped }
            case .ariaHidden:
                if !revealsHidden, MarkupNode.value(of: current) == Array("true".utf8) { return .skipped }
            case .style:
                guard !revealsHidden else { break }
                let style = Self.lowercased(MarkupNode.value(of: current).filter { $0 != 0x20 })
                if Self.contains(style, "display:none") || Self.contains(style, "visibility:hidden") { return .skipped }
            case .role:
                roleMarked = Self.boilerplateRoles.contains(Self.lowercased(MarkupNode.value(of: current).filter { $0 != 0x20 }))
            case .itemprop:
                declaresBody = declaresBody || Self.lowercased(MarkupNode.value(of: current)) == Array("articlebody".utf8)
            case .other:
                break
            }
        }
        if tagMarked || roleMarked { return .marked }
        if declaresBody || (!names.isEmpty && Self.bodyFragmentIndex.matches(names)),
            declaredBodies.count < Self.declaredBodiesKept, !MainTextExtractor.textLevel.contains(node.name)
        {
            declaredBodies.append((names, node))
        }
        if node.isNamed("body") || node.isNamed("html") || node.isNamed("main") || node.isNamed("article") { return .content }
        guard !names.isEmpty, Self.namesBoilerplate(names) else { return .content }
        // Inside the page's <main> or <article>, a page builder's `widget` is a block of content.
        if !Self.namesBoilerplate(names, ignoring: Self.builderTokens), Self.isInsideMainContent(node) { return .content }
        return .marked
    }

    /// Whether `node` lies inside the page's `<main>` or `<article>` element.
    static func isInsideMainContent(_ node: MarkupNode) -> Bool {
        node.parent?.isOrHasAncestor { $0.isNamed("main") || $0.isNamed("article") } ?? false
    }

    /// The attributes the classifier reads.
    private enum AttributeName {
        case `class`, id, hidden, ariaHidden, style, role, itemprop, other

        init(_ name: UnsafePointer<UInt8>) {
            switch (name[0], name[1]) {
            case (UInt8(ascii: "c"), UInt8(ascii: "l")) where Self.equal(name, "class"): self = .class
            case (UInt8(ascii: "i"), UInt8(ascii: "d")) where name[2] == 0: self = .id
            case (UInt8(ascii: "i"), UInt8(ascii: "t")) where Self.equal(name, "itemprop"): self = .itemprop
            case (UInt8(ascii: "h"), _) where Self.equal(name, "hidden"): self = .hidden
            case (UInt8(ascii: "a"), _) where Self.equal(name, "aria-hidden"): self = .ariaHidden
            case (UInt8(ascii: "s"), _) where Self.equal(name, "style"): self = .style
            case (UInt8(ascii: "r"), _) where Self.equal(name, "role"): self = .role
            default: self = .other
            }
        }

        private static func equal(_ name: UnsafePointer<UInt8>, _ expected: StaticString) -> Bool {
            let count = expected.utf8CodeUnitCount
            for index in 0..<count where name[index] != expected.utf8Start[index] { return false }
            return name[count] == 0
        }
    }

    /// Appends an attribute's value, lowercased, to the `names` buffer (no array of its own:
    /// this runs for every class and id on the page).
    private func appendLowercasedValue(of attribute: UnsafeMutablePointer<xmlAttr>) {
        var node = attribute.pointee.children
        while let text = node {
            if let content = text.pointee.content {
                var index = 0
                while content[index] != 0 {
                    let byte = content[index]
                    names.append(byte >= 65 && byte <= 90 ? byte + 32 : byte)
                    index += 1
                }
            }
            node = text.pointee.next
        }
    }

    private static func lowercased(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    }

    static let boilerplateRoles: Set<[UInt8]> = Set(
        ["navigation", "banner", "contentinfo", "complementary", "dialog", "alert"].map { Array($0.utf8) })

    static let skippedTags: Set<String> = [
        "nav", "aside", "footer", "header", "form", "menu", "dialog", "figure", "figcaption", "label", "button",
    ]

    /// Strong marks always mark an element; weak ones only when no mark of article content
    /// (`article`, `body`, `content`, `entry`, `post`, `story`, `text`, `main`) is there too.
    static func namesBoilerplate(_ names: [UInt8], ignoring ignored: Set<String> = []) -> Bool {
        if contains(names, "commentary") { return false }
        if strongFragmentIndex.matches(names) { return true }
        var weak = false
        var positive = false
        var start = 0
        for end in 0...names.count where end == names.count || !isAlphanumeric(names[end]) {
            // Only tokens whose length and first letter some listed token shares are looked up.
            if end > start, end - start < 16, tokenShapes.contains(Int(names[start]) << 4 | (end - start)) {
                let token = String(decoding: names[start..<end], as: UTF8.self)
                if weakTokens.contains(token), !ignored.contains(token) { weak = true }
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

    /// Byte-wise substring search; attribute values are short, so the simple loop is the fast one.
    static func contains(_ haystack: [UInt8], _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard haystack.count >= count else { return false }
        let bytes = needle.utf8Start
        return haystack.withUnsafeBufferPointer { buffer in
            var index = 0
            while index + count <= buffer.count {
                if buffer[index] == bytes[0] {
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
        "sharing", "popup", "modal", "sponsor", "promo", "advert",
    ]

    static let weakFragments: [StaticString] = [
        "related", "recommend", "subscribe", "signup", "sign-up", "trending", "most-read", "mostread",
        "most-popular", "read-more", "readmore", "more-stories", "further-reading", "rail", "caption", "paywall",
    ]

    static let weakTokens: Set<String> = [
        "ad", "ads", "adv", "banner", "nav", "navbar", "navigation", "menu", "footer", "sidebar", "byline",
        "author", "tags", "tag", "caption", "credit", "hidden", "hide", "print", "toolbar", "masthead", "breadcrumb",
        "breadcrumbs", "meta", "dateline", "timestamp", "skip", "overlay", "widget", "pagination", "pager", "cta",
    ]

    /// Weak tokens that page builders put on the blocks of the content itself.
    static let builderTokens: Set<String> = ["widget"]

    static let positiveTokens: Set<String> = [
        "article", "body", "content", "entry", "post", "story", "text", "main", "prose",
    ]

    static let tokenShapes: Set<Int> = Set(weakTokens.union(positiveTokens).map { Int($0.utf8.first!) << 4 | $0.utf8.count })

    /// Class and id fragments that name the element holding an article's text.
    static let bodyFragments: [StaticString] = [
        "articlebody", "article-body", "article_body", "article__body", "article-content", "article__content",
        "articlecontent", "article-text", "articletext", "entry-content", "post-content", "post_content",
        "postcontent", "post-body", "post-text", "post_text", "post-entry", "postentry", "story-body", "storybody",
        "story-content", "body-text", "text-content", "page-content", "art-content",
    ]

    static let declaredBodiesKept = 64

    static let bodyFragmentIndex = FragmentIndex(bodyFragments)
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
}
