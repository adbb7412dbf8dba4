/// Journald's rules for field names, applied to log metadata keys.
///
/// journald silently drops fields whose names break its rules, so every metadata key is mapped to
/// a valid name: upper case `A-Z`, digits and `_`, not starting with `_` or a digit, at most 64
/// characters. Keys that would collide with the fields the handler sets itself are prefixed with
/// `META_`, so metadata can never overwrite them.
public enum JournalFields {
    /// Fields the handler writes itself (and journald's own trusted ones, which start with `_`).
    public static let reserved: Set<String> = [
        "MESSAGE", "MESSAGE_ID", "PRIORITY", "SYSLOG_IDENTIFIER", "SYSLOG_FACILITY", "SYSLOG_PID",
        "CODE_FILE", "CODE_LINE", "CODE_FUNC", "ERRNO", "LOGGER", "EVENT",
    ]

    /// A valid, non-reserved field name for a metadata key.
    public static func name(forMetadataKey key: String) -> String {
        var name = String(
            key.unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "a"..."z": Character(String(scalar).uppercased())
                case "A"..."Z", "0"..."9": Character(scalar)
                default: "_"
                }
            })
        while name.hasPrefix("_") { name.removeFirst() }
        if name.isEmpty || name.first!.isNumber { name = "META_" + name }
        if reserved.contains(name) { name = "META_" + name }
        return String(name.prefix(64))
    }
}
