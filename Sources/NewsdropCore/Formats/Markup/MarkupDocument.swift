import CLibXML2

/// A parsed HTML or XML document, owned for as long as its nodes are used.
///
/// A thin, read-only wrapper over libxml2's tree: HTML goes through its error-tolerant HTML parser,
/// feeds through its XML parser (which honours the declared encoding). No network access and no
/// entity expansion from outside the document.
final class MarkupDocument {
    private let document: xmlDocPtr

    private static let initialized: Void = { xmlInitParser() }()

    private init(_ document: xmlDocPtr) {
        self.document = document
    }

    deinit { xmlFreeDoc(document) }

    /// Parses HTML that is already UTF-8; broken markup is repaired the way browsers mostly do.
    static func html(utf8 text: String) -> MarkupDocument? {
        _ = initialized
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_NOIMPLIED.rawValue)
        var text = text
        return text.withUTF8 { buffer -> MarkupDocument? in
            guard buffer.count < Int(Int32.max), let base = buffer.baseAddress else { return nil }
            let raw = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            guard let doc = htmlReadMemory(raw, Int32(buffer.count), nil, "UTF-8", options) else { return nil }
            return MarkupDocument(doc)
        }
    }

    /// Parses XML bytes, decoding them by their BOM or declared encoding.
    static func xml(_ bytes: [UInt8]) -> MarkupDocument? {
        _ = initialized
        let options = Int32(
            XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_NOCDATA.rawValue)
        return bytes.withUnsafeBytes { buffer -> MarkupDocument? in
            guard buffer.count < Int(Int32.max), let base = buffer.baseAddress else { return nil }
            guard let doc = xmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), nil, nil, options)
            else { return nil }
            return MarkupDocument(doc)
        }
    }

    /// The document's top element, if it has one.
    var root: MarkupNode? {
        xmlDocGetRootElement(document).map(MarkupNode.init)
    }
}

/// One node of a `MarkupDocument`; valid only while the document is alive.
struct MarkupNode {
    let pointer: xmlNodePtr

    init(_ pointer: xmlNodePtr) {
        self.pointer = pointer
    }

    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointer.pointee.type == XML_TEXT_NODE || pointer.pointee.type == XML_CDATA_SECTION_NODE }

    /// The local name, lowercased for HTML elements (libxml2 already lowercases them).
    var name: String {
        guard let name = pointer.pointee.name else { return "" }
        return String(cString: name)
    }

    /// True when this is an element whose local name is `expected` (ASCII, compared without allocating).
    func isNamed(_ expected: StaticString) -> Bool {
        guard isElement, let name = pointer.pointee.name else { return false }
        return Self.equal(name, expected)
    }

    /// The namespace URI of an XML element, if any.
    var namespace: String? {
        guard let ns = pointer.pointee.ns, let href = ns.pointee.href else { return nil }
        return String(cString: href)
    }

    /// The text of a text or CDATA node.
    var content: String {
        guard let content = pointer.pointee.content else { return "" }
        return String(cString: content)
    }

    var children: MarkupChildren { MarkupChildren(first: pointer.pointee.children) }

    var parent: MarkupNode? {
        guard let parent = pointer.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return MarkupNode(parent)
    }

    /// The first child element named `name`.
    func child(_ name: StaticString) -> MarkupNode? {
        children.first { $0.isNamed(name) }
    }

    /// Every child element named `name`.
    func children(_ name: StaticString) -> [MarkupNode] {
        children.filter { $0.isNamed(name) }
    }

    /// The value of attribute `name` (without namespace), if present.
    func attribute(_ name: StaticString) -> String? {
        attributeBytes(name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The raw UTF-8 bytes of an attribute's value.
    static func value(of attribute: UnsafeMutablePointer<xmlAttr>) -> [UInt8] {
        var value: [UInt8] = []
        var node = attribute.pointee.children
        while let text = node {
            if let content = text.pointee.content {
                var index = 0
                while content[index] != 0 { index += 1 }
                value.append(contentsOf: UnsafeBufferPointer(start: content, count: index))
            }
            node = text.pointee.next
        }
        return value
    }

    /// The raw UTF-8 bytes of attribute `name`, if present.
    func attributeBytes(_ name: StaticString) -> [UInt8]? {
        var attribute = pointer.pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name, Self.equal(attributeName, name) {
                return Self.value(of: current)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// True when attribute `name` holds one of `needles` (lowercase ASCII), in any case; read in
    /// place, without copying the value, for walks that ask it of every element of a page.
    func attribute(_ name: StaticString, mentionsAnyOf needles: [StaticString]) -> Bool {
        var attribute = pointer.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            guard let attributeName = current.pointee.name, Self.equal(attributeName, name) else { continue }
            var node = current.pointee.children
            while let text = node {
                if let content = text.pointee.content, needles.contains(where: { Self.contains(content, $0) }) { return true }
                node = text.pointee.next
            }
            return false
        }
        return false
    }

    /// Whether the NUL-terminated `haystack` contains `needle` (lowercase ASCII), ignoring ASCII case.
    private static func contains(_ haystack: UnsafePointer<xmlChar>, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        let bytes = needle.utf8Start
        var start = 0
        while haystack[start] != 0 {
            var offset = 0
            while offset < count {
                var byte = haystack[start + offset]
                if byte >= 65, byte <= 90 { byte += 32 }
                guard byte == bytes[offset] else { break }
                offset += 1
            }
            if offset == count { return true }
            start += 1
        }
        return false
    }

    /// All text below this node, in document order, as written (whitespace kept).
    var textContent: String {
        text(atMost: .max) ?? ""
    }

    /// `textContent`, or `nil` as soon as it passes `limit` UTF-8 bytes: a short label is told
    /// from a long container without reading the container.
    func text(atMost limit: Int) -> String? {
        var out = ""
        return appendText(to: &out, limit: limit) ? out : nil
    }

    private func appendText(to out: inout String, limit: Int) -> Bool {
        if isText {
            if let content = pointer.pointee.content { out += String(cString: content) }
            return out.utf8.count <= limit
        }
        for child in children where !child.appendText(to: &out, limit: limit) { return false }
        return true
    }

    private static func equal(_ cString: UnsafePointer<xmlChar>, _ expected: StaticString) -> Bool {
        let count = expected.utf8CodeUnitCount
        let bytes = expected.utf8Start
        for index in 0..<count {
            var byte = cString[index]
            var wanted = bytes[index]
            if byte >= 65, byte <= 90 { byte += 32 }
            if wanted >= 65, wanted <= 90 { wanted += 32 }
            if byte != wanted { return false }
        }
        return cString[count] == 0
    }
}

/// The children of a node, as a sequence that walks libxml2's sibling links.
struct MarkupChildren: Sequence {
    let first: xmlNodePtr?

    struct Iterator: IteratorProtocol {
        var upcoming: xmlNodePtr?

        mutating func next() -> MarkupNode? {
            guard let current = upcoming else { return nil }
            upcoming = current.pointee.next
            return MarkupNode(current)
        }
    }

    func makeIterator() -> Iterator { Iterator(upcoming: first) }
}
