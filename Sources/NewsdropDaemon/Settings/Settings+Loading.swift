import Configuration
public import Foundation
import Logging
import NewsdropCore
import NewsdropInbox
import NewsdropPostgres
import NewsdropStore
import NewsdropSystemd
import SystemPackage

/// Why the settings could not be loaded; the message names the key and what is accepted.
public struct SettingsError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// True when the named config file does not exist (rather than being invalid).
    public let isMissingFile: Bool

    init(_ message: String, isMissingFile: Bool = false) {
        self.message = message
        self.isMissingFile = isMissingFile
    }

    public var description: String { message }
}

extension Settings {
    /// Loads settings from, in order of precedence: `flags` (config keys to values), the
    /// environment's `NEWSDROP_*` variables, the YAML file `configFile`, and the built-in defaults.
    /// `NEWSDROP_CONFIG` names the file when `configFile` is nil.
    public static func load(
        configFile: String?,
        flags: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(SettingsError) -> Settings {
        var providers: [any ConfigProvider] = [
            InMemoryProvider(
                name: "flags",
                values: Dictionary(
                    uniqueKeysWithValues: flags.map {
                        (AbsoluteConfigKey(ConfigKey($0.key)), ConfigValue(.string($0.value), isSecret: false))
                    })),
            EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "newsdrop"),
        ]
        if let path = configFile ?? environment["NEWSDROP_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard FileManager.default.fileExists(atPath: path) else {
                throw SettingsError("config file \(path) does not exist; pass an existing file to --config", isMissingFile: true)
            }
            do {
                providers.append(try await FileProvider<YAMLSnapshot>(filePath: FilePath(path)))
            } catch {
                throw SettingsError("config file \(path) is not valid YAML: \(error)")
            }
        }
        return try Settings(reading: ConfigReader(providers: providers))
    }

    init(reading config: ConfigReader) throws(SettingsError) {
        self.init()
        func text(_ key: String) -> String? {
            config.string(forKey: ConfigKey(key))?.trimmingCharacters(in: .whitespaces)
        }
        func seconds(_ key: String, _ value: inout Double) throws(SettingsError) {
            guard let raw = text(key) else { return }
            guard let number = Double(raw), number > 0, number.isFinite else {
                throw SettingsError("\(key): \"\(raw)\" is not a positive number of seconds")
            }
            value = number
        }
        func count(_ key: String, _ value: inout Int) throws(SettingsError) {
            guard let raw = text(key) else { return }
            guard let number = Int(raw), number > 0 else {
                throw SettingsError("\(key): \"\(raw)\" is not a positive whole number")
            }
            value = number
        }
        func path(_ key: String, _ value: inout String) throws(SettingsError) {
            guard let raw = text(key) else { return }
            guard !raw.isEmpty else { throw SettingsError("\(key): the path is empty") }
            value = raw
        }
        try path("spool", &spool)
        try path("archive", &archive)
        try path("state", &state)
        try seconds("rescan_interval", &rescanInterval)
        try seconds("settle_interval", &settleInterval)
        try seconds("checkpoint_interval", &checkpointInterval)
        try seconds("parse_timeout", &parseTimeout)
        try seconds("summary_interval", &summaryInterval)
        try count("max_article_bytes", &maxArticleBytes)
        try count("max_batch", &maxBatch)
        if let raw = text("after") {
            guard let value = AfterIngest(rawValue: raw.lowercased()) else {
                throw SettingsError("after: \"\(raw)\" is not one of \(AfterIngest.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            after = value
        }
        if let raw = text("log_level") {
            guard let value = Logger.Level(rawValue: raw.lowercased()) else {
                throw SettingsError("log_level: \"\(raw)\" is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            logLevel = value
        }
        if let raw = text("near_duplicates") {
            guard let value = NearDuplicatePolicy(rawValue: raw.lowercased()) else {
                throw SettingsError(
                    "near_duplicates: \"\(raw)\" is not one of \(NearDuplicatePolicy.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            nearDuplicates = value
        }
        if let raw = text("near_duplicate_threshold") {
            guard let value = Double(raw), value > 0, value <= 1 else {
                throw SettingsError("near_duplicate_threshold: \"\(raw)\" is not a Jaccard similarity above 0 and at most 1")
            }
            nearDuplicateThreshold = value
        }
        func limit(_ key: String) throws(SettingsError) -> Double? {
            guard let raw = text(key) else { return nil }
            guard let number = Double(raw), number >= 0, number.isFinite else {
                throw SettingsError("\(key): \"\(raw)\" is not a number of 0 (off) or more")
            }
            return number > 0 ? number : nil
        }
        rotation.maxBytes = try limit("rotate.max_bytes").map { UInt64($0) }
        rotation.maxAge = try limit("rotate.max_age")
        rotation.keep = try limit("rotate.keep").map { Int($0) }
        if let raw = text("rotate.compress") {
            switch raw.lowercased() {
            case "true", "yes", "on", "1": rotation.compress = true
            case "false", "no", "off", "0": rotation.compress = false
            default: throw SettingsError("rotate.compress: \"\(raw)\" is not true or false")
            }
        }
        metrics.textfile = text("metrics.textfile").flatMap { $0.isEmpty ? nil : $0 }
        if let raw = text("metrics.interval") {
            guard let seconds = Double(raw), seconds >= 1, seconds.isFinite else {
                throw SettingsError("metrics.interval: \"\(raw)\" is not a number of seconds of 1 or more")
            }
            metrics.interval = seconds
        }
        if let raw = text("metrics.listen"), !raw.isEmpty {
            metrics.listen = raw
            guard metrics.listenAddress != nil else {
                throw SettingsError("metrics.listen: \"\(raw)\" is not HOST:PORT (for example 127.0.0.1:9464)")
            }
        }
        if let raw = text("backend") {
            guard let value = Backend(rawValue: raw.lowercased()) else {
                throw SettingsError("backend: \"\(raw)\" is not one of \(Backend.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            backend = value
        }
        if let raw = config.string(forKey: ConfigKey("postgres.url"), isSecret: true), !raw.isEmpty {
            postgres.url = raw.trimmingCharacters(in: .whitespaces)
        }
        if let raw = text("postgres.table") {
            guard PostgresOptions.isValidTableName(raw) else {
                throw SettingsError("postgres.table: \"\(raw)\" is not a table name: lowercase letters, digits and _, at most 48")
            }
            postgres.table = raw
        }
        try count("postgres.pool_size", &postgres.poolSize)
        try seconds("postgres.connect_timeout", &postgres.connectTimeout)
        if let raw = text("log_target") {
            guard let value = LogTarget(rawValue: raw.lowercased()) else {
                throw SettingsError("log_target: \"\(raw)\" is not one of \(LogTarget.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            logTarget = value
        }
    }
}
