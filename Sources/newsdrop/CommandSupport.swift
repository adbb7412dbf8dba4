import ArgumentParser
import Foundation
import NewsdropDaemon
import NewsdropStore

/// What the archive tools share: settings loaded as `newsdrop run` loads them, and errors that
/// end the command with the right exit status.
enum CommandSupport {
    /// The settings from `flags` (config keys), the environment and `config`; a bad setting or a
    /// missing config file ends the command.
    static func settings(config: String?, flags: [String: String?]) async throws -> Settings {
        do {
            return try await Settings.load(configFile: config, flags: flags.compactMapValues { $0 })
        } catch {
            throw ExitStatus.failure(error)
        }
    }

    /// Ends the command with EX_CONFIG when the settings name the PostgreSQL backend and no
    /// archive file was given: `command` reads archive files only.
    static func requireFileBackend(_ settings: Settings, archiveFlag: String?, command: String) throws {
        guard RecordSourceChoice(settings: settings, archiveFlag: archiveFlag) == .table else { return }
        printError(
            """
            newsdrop: \(command) reads an archive file, and these settings keep the records in PostgreSQL \
            (backend: postgres); use newsdrop export, or SQL on table \(settings.postgres.table), or pass --archive FILE
            """)
        throw ExitStatus.config.code
    }

    /// Ends the command with EX_NOINPUT when the archive does not exist.
    static func requireArchive(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            printError("newsdrop: \(path): no such archive")
            throw ExitStatus.noInput.code
        }
    }

    /// The bytes of the archive and its segments, for progress displays.
    static func totalBytes(_ files: [String]) -> UInt64 {
        files.reduce(UInt64(0)) { sum, path in
            sum + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? 0)
        }
    }
}
