import ArgumentParser
import Foundation
import NewsdropCore
import NewsdropDaemon
import NewsdropIO
import NewsdropPostgres
import NewsdropStore

#if canImport(Glibc)
    import Glibc
#endif

/// `newsdrop export`: every record of the archive, oldest first, as JSON Lines.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print every archived record, oldest first, as JSON Lines.",
        discussion: """
            Reads the backend the configuration names: the file archive with every rotated \
            segment (compressed ones too) in order, or the shared PostgreSQL table in commit \
            order. Either way the lines are the ones the file archive holds, so the same tools \
            read both; --archive FILE reads that file whatever the backend. --format text prints \
            the readable view of tail instead. Filters select records; --after continues an earlier export of the table \
            from the last sequence number it printed (shown on standard error). A count is shown \
            on a terminal.

            Examples:
              newsdrop export > all.jsonl
              NEWSDROP_BACKEND=postgres newsdrop export --lang uk | jq -r .title
              newsdrop export --since 2025-09-01 --until 2025-09-30 | gzip > september.jsonl.gz
            """
    )

    @OptionGroup var configOption: ConfigOption

    @OptionGroup var archiveOption: ArchiveOption

    private var config: String? { configOption.config }
    private var archive: String? { archiveOption.archive }

    @Option(name: .long, help: ArgumentHelp("Only rows after this sequence number (PostgreSQL backend).", valueName: "seq"))
    var after: Int64 = 0

    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: ArgumentHelp("json (the archive's lines) or text (for people).", valueName: "format"))
    var format: OutputFormat = .json

    func run() async throws {
        let output = RecordOutput(filter: try filters.filter(), format: format)
        let settings = try await CommandSupport.settings(config: config, flags: ["archive": archive])
        signal(SIGPIPE, SIG_IGN)
        let progress = TerminalProgress(label: "exporting", total: 0)
        do {
            let source = RecordSourceChoice(settings: settings, archiveFlag: archive).source(settings: settings, after: after)
            let last = try await source.forEachLine { line, _ in
                try output.emit(line)
                progress.countRecord()
            }
            progress.finish()
            // Where an export of the table continues (--after), for the person at the terminal.
            if let last, isatty(STDERR_FILENO) == 1 { printError("last sequence number: \(last)") }
        } catch is ClosedPipe {
            return
        } catch {
            progress.finish()
            throw ExitStatus.failure(error, otherwise: .ioError)
        }
    }
}
