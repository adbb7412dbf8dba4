/// A small direct-mapped cache from a libxml2 element name to what a walk derived from it.
///
/// libxml2 interns the names of one document, so equal names share one pointer and the pointer
/// is the key. A page has a few dozen distinct names; a 256-slot table indexed by pointer bits
/// answers almost every lookup without hashing. A collision only costs recomputing the value.
struct NameCache<Value> {
    private var keys = [UnsafePointer<UInt8>?](repeating: nil, count: 256)
    private var values: [Value?] = Array(repeating: nil, count: 256)

    /// The cached value for `name`, or `compute()`'s, stored for next time.
    mutating func value(for name: UnsafePointer<UInt8>, _ compute: () -> Value) -> Value {
        let slot = (Int(bitPattern: name) >> 3) & 255
        if keys[slot] == name, let value = values[slot] { return value }
        let value = compute()
        keys[slot] = name
        values[slot] = value
        return value
    }
}
