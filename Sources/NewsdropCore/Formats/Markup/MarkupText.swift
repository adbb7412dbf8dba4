/// Turns HTML elements into the paragraphs and subheadings of a record.
///
/// Block-level elements (`p`, `li`, `blockquote`, `div`, ...) and `<br>` end a block; `h1`-`h6`
/// become subheadings; inline markup (links, emphasis) is reduced to its text; whitespace is
/// collapsed. Scripts, styles and other non-text elements are skipped.
struct MarkupText {
    /// One block with what the extractor needs to judge it.
    struct Block {
        var kind: TextBlock.Kind
        var text: String
        /// Characters of the text that sit inside links.
        var linkCharacters: Int
        /// The element that holds the block's text (`p`, `li`, `h2`, or the nearest block-level parent).
        var element: MarkupNode?
        /// The elements above the block that `mark` flagged, innermost last.
        var marked: [MarkupNode]
    }

    private(set) var blocks: [Block] = []
    private var buffer: [UInt8] = []
    private var pendingSpace = false
    private var linkDepth = 0
    private var linkCharacters = 0
    private var headingDepth = 0
    private var owner: MarkupNode?
    private var marks: [MarkupNode] = []
    private let classify: (MarkupNode) -> ElementRole

    /// What an element is to the walk, as the caller judges it.
    enum ElementRole {
        /// Walked as usual.
        case content
        /// Left out with its subtree: it holds no article text.
        case skipped
        /// Walked, but flagged in `Block.marked`: it probably holds no article text, and the
        /// caller decides.
        case marked
    }

    private let observing: Set<String>
    private let observe: (MarkupNode) -> Void
    /// Whether `<noscript>` is walked, as a browser without scripts shows it.
    private let showsNoscript: Bool

    /// `classify` judges each element; `observe` is shown every element whose name is in
    /// `observing`, skipped or not, so that one walk can also gather metadata. With
    /// `showsNoscript`, the content of `<noscript>` is text like any other.
    init(
        classify: @escaping (MarkupNode) -> ElementRole = { _ in .content },
        observing: Set<String> = [], observe: @escaping (MarkupNode) -> Void = { _ in }, showsNoscript: Bool = false
    ) {
        self.classify = classify
        self.observing = observing
        self.observe = observe
        self.showsNoscript = showsNoscript
    }

    /// The blocks of an HTML fragment, such as a feed item's description.
    static func blocks(fromFragment html: String) -> [TextBlock] {
        guard let document = MarkupDocument.html(utf8: "<html><body>" + html + "</body></html>"), let root = document.root
        else { return [] }
        var walker = MarkupText()
        walker.append(root)
        return walker.textBlocks
    }

    /// The blocks as record blocks.
    var textBlocks: [TextBlock] {
        blocks.map { TextBlock($0.kind, $0.text) }
    }

    /// Walks `node` and its subtree, adding its blocks.
    mutating func append(_ node: MarkupNode) {
        visit(node)
        flush()
    }

    /// What an element name means to the walk; cached per name pointer (libxml2 interns names).
    private struct ElementKind {
        var ignored = false
        var lineBreak = false
        var block = false
        var heading = false
        var link = false
        var observed = false

        init(_ name: String, observing: Set<String>) {
            self = MarkupText.knownKinds[name] ?? ElementKind()
            observed = observing.contains(name)
        }

        private init() {}

        fileprivate init(classifying name: String) {
            ignored = MarkupText.ignored.contains(name)
            lineBreak = name == "br" || name == "hr"
            block = MarkupText.blockLevel.contains(name)
            heading = MarkupText.headings.contains(name)
            link = name == "a"
        }
    }

    /// Every element name the walk treats specially, with what it means.
    private static let knownKinds: [String: ElementKind] = {
        var table: [String: ElementKind] = [:]
        for name in ignored.union(blockLevel).union(headings).union(["br", "hr", "a"]) {
            table[name] = ElementKind(classifying: name)
        }
        return table
    }()

    private var kinds = NameCache<ElementKind>()

    private mutating func kind(of node: MarkupNode) -> ElementKind {
        guard let namePointer = node.pointer.pointee.name else { return ElementKind("", observing: []) }
        return kinds.value(for: namePointer) {
            var kind = ElementKind(node.name, observing: observing)
            if showsNoscript, node.name == "noscript" { kind.ignored = false }
            return kind
        }
    }

    private mutating func visit(_ node: MarkupNode) {
        if node.isText {
            appendText(node.pointer.pointee.content)
            return
        }
        guard node.isElement else { return }
        let kind = kind(of: node)
        if kind.observed { observe(node) }
        if kind.ignored { return }
        let role = classify(node)
        if role == .skipped { return }
        if kind.lineBreak {
            flush()
            return
        }
        if kind.block {
            flush()
            owner = node
        }
        let isMarked = role == .marked
        if isMarked {
            flush()
            marks.append(node)
        }
        if kind.heading { headingDepth += 1 }
        if kind.link { linkDepth += 1 }
        for child in node.children { visit(child) }
        if kind.link { linkDepth -= 1 }
        if isMarked {
            flush()
            marks.removeLast()
        }
        if kind.block {
            flush()
            owner = node.parent
        }
        if kind.heading { headingDepth -= 1 }
    }

    /// Appends a text node's UTF-8, collapsing runs of whitespace (ASCII and no-break space) into
    /// one pending space. libxml2 hands out valid UTF-8, so bytes are copied as they are.
    private mutating func appendText(_ content: UnsafeMutablePointer<UInt8>?) {
        guard let content else { return }
        let before = buffer.count
        var index = 0
        while true {
            let byte = content[index]
            if byte == 0 { break }
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                pendingSpace = true
                index += 1
                continue
            }
            if byte == 0xC2, content[index + 1] == 0xA0 {
                pendingSpace = true
                index += 2
                continue
            }
            if pendingSpace, !buffer.isEmpty { buffer.append(0x20) }
            pendingSpace = false
            buffer.append(byte)
            index += 1
        }
        if linkDepth > 0 { linkCharacters += buffer.count - before }
    }

    private mutating func flush() {
        pendingSpace = false
        guard !buffer.isEmpty else { return }
        let kind: TextBlock.Kind = headingDepth > 0 ? .subheading : .paragraph
        blocks.append(
            Block(
                kind: kind, text: String(decoding: buffer, as: UTF8.self), linkCharacters: linkCharacters,
                element: owner, marked: marks))
        buffer.removeAll(keepingCapacity: true)
        linkCharacters = 0
    }

    static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]

    static let blockLevel: Set<String> = [
        "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "tbody", "thead", "tfoot",
        "figure", "figcaption", "address", "details", "summary", "caption", "center", "body", "html", "form", "fieldset",
    ]

    /// Elements that never hold article text.
    static let ignored: Set<String> = [
        "script", "style", "noscript", "template", "svg", "canvas", "head", "title", "meta", "link", "iframe", "object",
        "embed", "video", "audio", "source", "picture", "select", "option", "input", "textarea", "math",
    ]
}
