import CLibXML2

/// Character references left in text that was escaped twice (`&amp;#8217;` in a page's meta
/// content reaches the reader as `&#8217;`): numeric ones, and named ones from libxml2's HTML table.
enum HTMLEntities {
    /// `text` with each `&name;`, `&#NNN;` and `&#xHH;` replaced by its character; unknown names and
    /// malformed references stay as written.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let afterAmpersand = rest.index(after: ampersand)
            let name = rest[afterAmpersand...].prefix { $0 != ";" && $0 != "&" && !$0.isWhitespace }
            if name.count <= 32, name.endIndex < rest.endIndex, rest[name.endIndex] == ";", let scalar = character(named: name) {
                result.unicodeScalars.append(scalar)
                rest = rest[rest.index(after: name.endIndex)...]
            } else {
                result += "&"
                rest = rest[afterAmpersand...]
            }
        }
        return result + rest
    }

    private static func character(named name: Substring) -> Unicode.Scalar? {
        if name.first == "#" {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init)
        }
        guard !name.isEmpty, let entry = String(name).withCString({ htmlEntityLookup($0) }) else { return nil }
        return Unicode.Scalar(entry.pointee.value)
    }
}
