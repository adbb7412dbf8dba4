import Foundation

/// Reading schema.org `NewsArticle` (and its relatives) from JSON-LD, in pages and in JSON files.
enum SchemaOrgArticle {
    /// The `@type` values that name an article.
    static let articleTypes: Set<String> = [
        "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "reviewnewsarticle", "backgroundnewsarticle", "blogposting", "socialmediaposting", "liveblogposting",
        "scholarlyarticle", "techarticle", "report",
    ]

    /// True when the object's `@type` (a string or a list) names an article type.
    static func isArticle(_ object: [String: JSONValue]) -> Bool {
        let types: [String]
        switch object["@type"] {
        case .string(let type)?: types = [type]
        case .array(let items)?: types = items.compactMap(\.string)
        default: return false
        }
        return types.contains { articleTypes.contains($0.lowercased()) }
    }

    /// Every article object in a JSON-LD value: top level, inside arrays and inside `@graph`.
    static func articles(in value: JSONValue) -> [[String: JSONValue]] {
        switch value {
        case .array(let items): return items.flatMap(articles)
        case .object(let object):
            var found = isArticle(object) ? [object] : []
            if let graph = object["@graph"] { found += articles(in: graph) }
            if let main = object["mainEntity"], case .object = main { found += articles(in: main) }
            return found
        default: return []
        }
    }

    /// Names from a schema.org `author`/`creator`: a string, a `Person`/`Organization`, a list, or
    /// a reference `{"@id": ...}` to an object in `nodes`.
    static func names(_ value: JSONValue?, resolving nodes: [String: [String: JSONValue]] = [:]) -> [String] {
        switch value {
        case .string(let name)?: return [name]
        case .object(let object)?:
            if let name = object["name"] { return names(name) }
            if let id = object["@id"]?.string, let node = nodes[id], node["@id"]?.string == id, node["name"] != nil {
                return names(node["name"])
            }
            return []
        case .array(let items)?: return items.flatMap { names($0, resolving: nodes) }
        default: return []
        }
    }

    /// Appends the `key` values (as text) of every object in a JSON-LD value to `found`, arrays and
    /// `@graph` in order: the `datePublished` of a `VideoObject` or a `Recipe` when the page has no
    /// article object.
    static func values(of key: String, in value: JSONValue, into found: inout [String]) {
        switch value {
        case .array(let items):
            for item in items { values(of: key, in: item, into: &found) }
        case .object(let object):
            for (member, value) in object {
                if member == key {
                    if let text = text(value) { found.append(text) }
                } else if case .object = value {
                    values(of: key, in: value, into: &found)
                } else if case .array = value {
                    values(of: key, in: value, into: &found)
                }
            }
        default: break
        }
    }

    /// Adds every object of a JSON-LD value that has an `@id` to `nodes`, the first one of an id winning.
    static func index(_ value: JSONValue, into nodes: inout [String: [String: JSONValue]]) {
        switch value {
        case .array(let items): for item in items { index(item, into: &nodes) }
        case .object(let object):
            if let id = object["@id"]?.string, nodes[id] == nil || nodes[id]?["name"] == nil, object["name"] != nil { nodes[id] = object }
            for member in object.values {
                switch member {
                case .object, .array: index(member, into: &nodes)
                default: break
                }
            }
        default: break
        }
    }

    /// A plain string from a value that may be a string, a number or `{"name": ...}`.
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?:
            let trimmed = text.trimmedWhitespace
            return trimmed.isEmpty ? nil : String(trimmed)
        case .number(let number)?: return number == number.rounded() ? String(Int(number)) : String(number)
        case .object(let object)?: return text(object["name"]) ?? text(object["@value"])
        case .array(let items)?: return items.lazy.compactMap { text($0) }.first
        default: return nil
        }
    }
}
