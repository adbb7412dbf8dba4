import ArgumentParser
import Foundation
import NewsdropDaemon
import NewsdropIO
import NewsdropPostgres
import NewsdropStore

/// `newsdrop verify`: checks an archive and the dedup state after an incident.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an archive: complete valid records, unique ids, ids matching their text, state in agreement.",
        discussion: """
            Reads every line of the archive (or with backend: postgres every row of the shared \
            table, each row's columns checked against its record) and checks that it is a \
            complete JSON record valid \
            against the record schema, that no id repeats, that each id is the hash of its \
            record's canonical text, and that the dedup checkpoint in the state folder holds no id \
            missing from the archive. Each problem is printed on standard output with its line \
            number. Progress is shown on a terminal.

            Exit status: 0 when the archive is sound, 65 (EX_DATAERR) when a problem was found, \
            66 (EX_NOINPUT) when the archive does not exist. Paths default to the settings \
            `newsdrop run` would use (flags, NEWSDROP_* variables, --config).

            Example:
              newsdrop verify --archive /var/lib/newsdrop/archive.jsonl --state /var/lib/newsdrop/state
            """
    )

    @OptionGroup var configOption: ConfigOption

    @OptionGroup var archiveOption: ArchiveOption

    @OptionGroup var stateOption: StateOption

    private var config: String? { configOption.config }
    private var archive: String? { archiveOption.archive }
    private var state: String? { stateOption.state }

    func run() async throws {
        let settings = try await CommandSupport.settings(config: config, flags: ["archive": archive, "state": state])
        if RecordSourceChoice(settings: settings, archiveFlag: archive) == .table {
            try await verifyTable(settings)
            return
        }
        let path = settings.archive
        try CommandSupport.requireArchive(path)
        let progress = TerminalProgress(label: "verifying \(path)", total: CommandSupport.totalBytes([path]))
        let report: ArchiveVerifier.Report
        do {
            report = try ArchiveVerifier(archivePath: path, stateDirectory: settings.state).run(progress: progress.update)
        } catch {
            progress.finish()
            throw ExitStatus.failure(error, otherwise: .ioError)
        }
        progress.finish()
        for problem in report.problems { print(problem) }
        for note in report.notes { printError("newsdrop: note: \(note)") }
        printError("newsdrop: \(report.records) records checked, \(report.problems.count) problems")
        if !report.problems.isEmpty { throw ExitStatus.dataError.code }
    }

    /// Verifies the shared table (backend: postgres).
    private func verifyTable(_ settings: Settings) async throws {
        let report = try await CommandSupport.withPostgres(settings) { backend in
            let progress = TerminalProgress(label: "verifying \(settings.postgres.table)", total: 0)
            defer { progress.finish() }
            return try await PostgresVerifier(backend: backend).run { _ in progress.countRecord() }
        }
        for problem in report.problems { print("\(settings.postgres.table): \(problem)") }
        printError("newsdrop: \(report.records) records checked, \(report.problems.count) problems")
        if !report.problems.isEmpty { throw ExitStatus.dataError.code }
    }
}
