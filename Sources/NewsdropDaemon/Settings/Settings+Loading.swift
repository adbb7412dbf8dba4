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
        let keys = SettingsKeys(config)
        try keys.path("spool", into: &spool)
        try keys.path("archive", into: &archive)
        try keys.path("state", into: &state)
        for (key, value) in [
            ("rescan_interval", \Settings.rescanInterval), ("settle_interval", \.settleInterval),
            ("checkpoint_interval", \.checkpointInterval), ("parse_timeout", \.parseTimeout), ("summary_interval", \.summaryInterval),
        ] {
            if let seconds = try keys.seconds(key) { self[keyPath: value] = seconds }
        }
        if let bytes = try keys.count("max_article_bytes") { maxArticleBytes = bytes }
        if let batch = try keys.count("max_batch") { maxBatch = batch }
        if let value = try keys.choice("after", AfterIngest.self) { after = value }
        if let value = try keys.choice("log_level", Logger.Level.self) { logLevel = value }
        if let value = try keys.choice("log_target", LogTarget.self) { logTarget = value }
        if let value = try keys.choice("near_duplicates", NearDuplicatePolicy.self) { nearDuplicates = value }
        if let value = try keys.typed(
            "near_duplicate_threshold", config.requiredDouble, accepting: "a Jaccard similarity above 0 and at most 1",
            { $0 > 0 && $0 <= 1 })
        {
            nearDuplicateThreshold = value
        }
        if let value = try keys.choice("backend", Backend.self) { backend = value }

        let rotate = keys.scoped(to: "rotate")
        rotation.maxBytes = try rotate.limit("max_bytes", config: rotate.config.requiredInt).map { UInt64($0) }
        rotation.maxAge = try rotate.limit("max_age", config: rotate.config.requiredDouble)
        rotation.keep = try rotate.limit("keep", config: rotate.config.requiredInt)
        if let compress = try rotate.typed("compress", rotate.config.requiredBool, accepting: "true or false") {
            rotation.compress = compress
        }

        let metricsKeys = keys.scoped(to: "metrics")
        metrics.textfile = metricsKeys.text("textfile").flatMap { $0.isEmpty ? nil : $0 }
        if let seconds = try metricsKeys.typed(
            "interval", metricsKeys.config.requiredDouble, accepting: "a number of seconds of 1 or more", { $0 >= 1 && $0.isFinite })
        {
            metrics.interval = seconds
        }
        if let raw = metricsKeys.text("listen"), !raw.isEmpty {
            metrics.listen = raw
            guard metrics.listenAddress != nil else {
                throw SettingsError("metrics.listen: \"\(raw)\" is not HOST:PORT (for example 127.0.0.1:9464)")
            }
        }

        let postgresKeys = keys.scoped(to: "postgres")
        if let url = postgresKeys.config.string(forKey: "url", isSecret: true)?.trimmingCharacters(in: .whitespaces), !url.isEmpty {
            postgres.url = url
        }
        if let table = try postgresKeys.typed(
            "table", postgresKeys.config.requiredString, accepting: "a table name: lowercase letters, digits and _, at most 48",
            PostgresOptions.isValidTableName)
        {
            postgres.table = table
        }
        if let size = try postgresKeys.count("pool_size") { postgres.poolSize = size }
        if let seconds = try postgresKeys.seconds("connect_timeout") { postgres.connectTimeout = seconds }
    }
}
