/// The archive's key order, for writing a record that was stored in a form that does not keep
/// it (PostgreSQL's `jsonb` sorts keys).
extension ArticleRecord {
    /// The keys of an object in the order ``jsonBytes()`` writes them; nested objects and the
    /// items of arrays have orders of their own.
    struct KeyOrder {
        var keys: [String] = []
        var members: [String: KeyOrder] = [:]
        var items: [KeyOrder] = []
    }

    static let keyOrder = KeyOrder(
        keys: Key.allCases.map(\.rawValue),
        members: [
            Key.blocks.rawValue: KeyOrder(items: [KeyOrder(keys: BlockKey.allCases.map(\.rawValue))]),
            Key.sourceFile.rawValue: KeyOrder(keys: SourceFileKey.allCases.map(\.rawValue)),
            Key.parse.rawValue: KeyOrder(keys: ParseKey.allCases.map(\.rawValue)),
        ])

    /// The archive line for a record given as a decoded JSON object: byte for byte the line
    /// ``jsonBytes()`` wrote, whatever order the object's keys came in. Keys the layout does not
    /// know follow in sorted order.
    public static func archiveLine(of object: [String: JSONValue]) -> [UInt8] {
        var json = JSONWriter(reservingCapacity: 4096)
        write(.object(object), order: keyOrder, into: &json)
        return json.bytes
    }

    private static func write(_ value: JSONValue, order: KeyOrder?, into json: inout JSONWriter) {
        switch value {
        case .object(let members) where order != nil:
            let order = order!
            json.beginObject()
            for key in order.keys where members[key] != nil {
                json.key(key)
                write(members[key]!, order: order.members[key], into: &json)
            }
            for key in members.keys.sorted() where !order.keys.contains(key) {
                json.key(key)
                write(members[key]!, order: nil, into: &json)
            }
            json.endObject()
        case .array(let items) where order?.items.first != nil:
            json.beginArray()
            for item in items { write(item, order: order?.items.first, into: &json) }
            json.endArray()
        default:
            json.value(value)
        }
    }
}
