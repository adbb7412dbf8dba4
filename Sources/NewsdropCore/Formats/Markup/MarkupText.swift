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
    private var buffer = ""
    private var pendingSpace = false
    private var linkDepth = 0
    private var linkCharacters = 0
    private var headingDepth = 0
    private var owner: MarkupNode?
    private var marks: [MarkupNode] = []
    private let skip: (MarkupNode) -> Bool
    private let mark: (MarkupNode) -> Bool

    /// `skip` says which elements (and their subtrees) hold no article text; `mark` flags the
    /// elements that probably do not, leaving the decision to the caller (`Block.marked`).
    init(skip: @escaping (MarkupNode) -> Bool = { _ in false }, mark: @escaping (MarkupNode) -> Bool = { _ in false }) {
        self.skip = skip
        self.mark = mark
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

    private mutating func visit(_ node: MarkupNode) {
        if node.isText {
            appendText(node.pointer.pointee.content)
            return
        }
        guard node.isElement else { return }
        let name = node.name
        if Self.ignored.contains(name) || skip(node) { return }
        if name == "br" || name == "hr" {
            flush()
            return
        }
        let isBlock = Self.blockLevel.contains(name)
        let isHeading = Self.headings.contains(name)
        let isLink = name == "a"
        if isBlock {
            flush()
            owner = node
        }
        let isMarked = mark(node)
        if isMarked {
            flush()
            marks.append(node)
        }
        if isHeading { headingDepth += 1 }
        if isLink { linkDepth += 1 }
        for child in node.children { visit(child) }
        if isLink { linkDepth -= 1 }
        if isMarked {
            flush()
            marks.removeLast()
        }
        if isBlock {
            flush()
            owner = node.parent
        }
        if isHeading { headingDepth -= 1 }
    }

    private mutating func appendText(_ content: UnsafeMutablePointer<UInt8>?) {
        guard let content else { return }
        var scalars = String.UnicodeScalarView()
        var added = 0
        // Decode the UTF-8 C string, collapsing runs of whitespace into one pending space.
        var length = 0
        while content[length] != 0 { length += 1 }
        var iterator = UnsafeBufferPointer(start: content, count: length).makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar.isSpace || scalar.value == 0xA0 {
                    pendingSpace = true
                } else {
                    if pendingSpace, !(buffer.isEmpty && scalars.isEmpty) { scalars.append(" "); added += 1 }
                    pendingSpace = false
                    scalars.append(scalar)
                    added += UTF8.width(scalar)
                }
            case .emptyInput: break loop
            case .error: scalars.append("\u{FFFD}")
            }
        }
        buffer.unicodeScalars.append(contentsOf: scalars)
        if linkDepth > 0 { linkCharacters += added }
    }

    private mutating func flush() {
        pendingSpace = false
        guard !buffer.isEmpty else { return }
        let kind: TextBlock.Kind = headingDepth > 0 ? .subheading : .paragraph
        blocks.append(Block(kind: kind, text: buffer, linkCharacters: linkCharacters, element: owner, marked: marks))
        buffer = ""
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
        "embed", "video", "audio", "source", "picture", "button", "select", "option", "input", "textarea", "math",
    ]
}
