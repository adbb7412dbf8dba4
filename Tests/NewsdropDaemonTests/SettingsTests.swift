import Foundation
import NewsdropDaemon
import NewsdropInbox
import NewsdropTestSupport
import Testing

@Suite("Settings")
struct SettingsTests {
    @Test("built-in defaults work from a checkout")
    func defaults() async throws {
        let settings = try await Settings.load(configFile: nil, environment: [:])
        #expect(settings.spool == "./var/spool")
        #expect(settings.archive == "./var/archive.jsonl")
        #expect(settings.state == "./var/state")
        #expect(settings.after == .move)
        #expect(settings.maxArticleBytes == 16 * 1024 * 1024)
        #expect(settings == Settings())
    }

    @Test("flags beat the environment, which beats the file, which beats the defaults")
    func precedence() async throws {
        let settings = try await Settings.loaded(
            fromFile: """
                spool: /from/file/spool
                archive: /from/file/archive.jsonl
                rescan_interval: 15
                log_level: warning
                after: delete
                """,
            flags: ["spool": "/from/flag"],
            environment: ["NEWSDROP_SPOOL": "/from/env", "NEWSDROP_ARCHIVE": "/from/env/archive.jsonl", "NEWSDROP_LOG_LEVEL": "debug"])
        #expect(settings.spool == "/from/flag")
        #expect(settings.archive == "/from/env/archive.jsonl")
        #expect(settings.logLevel == .debug)
        #expect(settings.rescanInterval == 15)
        #expect(settings.after == .delete)
        #expect(settings.state == "./var/state")
    }

    @Test("typed values are read as the file writes them: YAML numbers and booleans, and scoped keys")
    func typedValues() async throws {
        let settings = try await Settings.loaded(
            fromFile: """
                max_batch: 64
                near_duplicate_threshold: 0.9
                rotate:
                  max_bytes: 1000000
                  max_age: 0
                  compress: yes
                metrics:
                  interval: 5
                """, environment: ["NEWSDROP_ROTATE_KEEP": "3"])
        #expect(settings.maxBatch == 64)
        #expect(settings.nearDuplicateThreshold == 0.9)
        #expect(settings.rotation.maxBytes == 1_000_000)
        #expect(settings.rotation.maxAge == nil)
        #expect(settings.rotation.keep == 3)
        #expect(settings.rotation.compress)
        #expect(settings.metrics.interval == 5)
    }

    @Test("the documented default config file loads and names every key")
    func documentedConfig() async throws {
        let path = TestPaths.projectRoot.appendingPathComponent("config/newsdrop.yaml").path
        _ = try await Settings.load(configFile: path, environment: [:])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for key in Settings.keys {
            #expect(text.contains("\n\(key):") || text.contains("\n# \(key):"), "config/newsdrop.yaml lacks \(key)")
        }
    }

    @Test(
        "bad values are refused with a message naming the key",
        arguments: [
            ("NEWSDROP_RESCAN_INTERVAL", "soon", "rescan_interval"),
            ("NEWSDROP_AFTER", "archive", "after"),
            ("NEWSDROP_LOG_LEVEL", "loud", "log_level"),
            ("NEWSDROP_MAX_ARTICLE_BYTES", "-3", "max_article_bytes"),
            ("NEWSDROP_NEAR_DUPLICATES", "merge", "near_duplicates"),
            ("NEWSDROP_ROTATE_COMPRESS", "maybe", "rotate.compress"),
            ("NEWSDROP_ROTATE_MAX_BYTES", "lots", "rotate.max_bytes"),
            ("NEWSDROP_METRICS_INTERVAL", "0.5", "metrics.interval"),
            ("NEWSDROP_POSTGRES_POOL_SIZE", "0", "postgres.pool_size"),
        ])
    func badValues(variable: String, value: String, key: String) async {
        do {
            _ = try await Settings.load(configFile: nil, environment: [variable: value])
            Issue.record("\(variable)=\(value) was accepted")
        } catch {
            #expect(error.message.hasPrefix(key + ":"))
        }
    }

    @Test("a missing config file is an error, not silently ignored")
    func missingFile() async {
        do {
            _ = try await Settings.load(configFile: "/nonexistent/newsdrop.yaml", environment: [:])
            Issue.record("a missing file was accepted")
        } catch {
            #expect(error.isMissingFile)
        }
    }
}

@Suite("Settings: backend")
struct BackendSettingsTests {
    @Test("backend and postgres keys come from the file; the URL from the environment")
    func postgresKeys() async throws {
        let settings = try await Settings.loaded(
            fromFile: """
                backend: postgres
                postgres:
                  table: shared_articles
                  pool_size: 8
                  connect_timeout: 3
                """, environment: ["NEWSDROP_POSTGRES_URL": "postgres://ingest:pw@db/news"])
        #expect(settings.backend == .postgres)
        #expect(settings.postgres.table == "shared_articles")
        #expect(settings.postgres.poolSize == 8)
        #expect(settings.postgres.connectTimeout == 3)
        #expect(settings.postgres.url == "postgres://ingest:pw@db/news")
        #expect(settings.archiveDescription == "postgres://ingest@db:5432/news table shared_articles")
    }

    @Test("an unknown backend or a bad table name is refused with what is accepted")
    func refused() async throws {
        await #expect(throws: SettingsError.self) { try await Settings.load(configFile: nil, environment: ["NEWSDROP_BACKEND": "mysql"]) }
        do {
            _ = try await Settings.load(configFile: nil, environment: ["NEWSDROP_POSTGRES_TABLE": "Robert'); DROP TABLE x"])
            Issue.record("accepted a bad table name")
        } catch {
            #expect(error.message.contains("postgres.table"))
        }
    }
}

extension Settings {
    /// The settings a config file holding `yaml` gives, with `flags` and `environment` on top.
    static func loaded(
        fromFile yaml: String, flags: [String: String] = [:], environment: [String: String]
    ) async throws -> Settings {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.file("newsdrop.yaml")
        try Data(yaml.utf8).write(to: file)
        return try await load(configFile: file.path, flags: flags, environment: environment)
    }
}
