import Configuration

/// Typed reads of the settings' keys through swift-configuration, with the messages a bad value
/// gets. A value that is there but not of the key's type or range is an error that names the key
/// and what it accepts: the library's optional reads would give `nil` for it, as for a missing key.
struct SettingsKeys {
    let config: ConfigReader
    /// The key's prefix in messages (`rotate.`), for a scoped reader.
    private let prefix: String

    init(_ config: ConfigReader, prefix: String = "") {
        self.config = config
        self.prefix = prefix
    }

    /// The keys under `scope`, named `scope.key` in messages.
    func scoped(to scope: String) -> SettingsKeys {
        SettingsKeys(config.scoped(to: ConfigKey(scope)), prefix: prefix + scope + ".")
    }

    /// The value as text, trimmed; `nil` when the key is not set.
    func text(_ key: String) -> String? {
        config.string(forKey: ConfigKey(key))?.trimmingCharacters(in: .whitespaces)
    }

    /// The value read as its type by `read` and within `valid`; `nil` when the key is not set.
    func typed<Value>(
        _ key: String, _ read: (ConfigKey, Bool, String, UInt) throws -> Value, accepting: String, _ valid: (Value) -> Bool = { _ in true }
    ) throws(SettingsError) -> Value? {
        guard let raw = text(key) else { return nil }
        guard let value = try? read(ConfigKey(key), false, #fileID, #line), valid(value) else {
            throw SettingsError("\(prefix)\(key): \"\(raw)\" is not \(accepting)")
        }
        return value
    }

    /// One of a set of named values, in any letter case.
    func choice<Value: RawRepresentable<String> & CaseIterable>(_ key: String, _ type: Value.Type) throws(SettingsError) -> Value? {
        guard let raw = text(key) else { return nil }
        guard let value = Value(rawValue: raw.lowercased()) else {
            throw SettingsError("\(prefix)\(key): \"\(raw)\" is not one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    func seconds(_ key: String) throws(SettingsError) -> Double? {
        try typed(key, config.requiredDouble, accepting: "a positive number of seconds") { $0 > 0 && $0.isFinite }
    }

    func count(_ key: String) throws(SettingsError) -> Int? {
        try typed(key, config.requiredInt, accepting: "a positive whole number") { $0 > 0 }
    }

    func path(_ key: String, into value: inout String) throws(SettingsError) {
        guard let raw = text(key) else { return }
        guard !raw.isEmpty else { throw SettingsError("\(prefix)\(key): the path is empty") }
        value = raw
    }

    /// A limit where 0 means off (`nil`).
    func limit<Value: Numeric & Comparable>(
        _ key: String, config read: (ConfigKey, Bool, String, UInt) throws -> Value
    ) throws(SettingsError) -> Value? {
        let value = try typed(key, read, accepting: "a number of 0 (off) or more") { $0 >= 0 }
        return value == 0 ? nil : value
    }
}
