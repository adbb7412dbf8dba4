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
            read both. Filters select records; --after continues an earlier export of the table \
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

    func run() async throws {
        let output = RecordOutput(filter: try filters.filter(), format: .json)
        let settings = try await CommandSupport.settings(config: config, flags: ["archive": archive])
        signal(SIGPIPE, SIG_IGN)
        let progress = TerminalProgress(label: "exporting", total: 0)
        do {
            switch settings.backend {
            case .file:
                try CommandSupport.requireArchive(settings.archive)
                let emit: (UnsafeBufferPointer<UInt8>) throws -> Void = { line in
                    try output.emit(line)
                    progress.countRecord()
                }
                for segment in ArchiveSegments(archivePath: settings.archive).rotated() {
                    try ArchiveSegments.forEachLine(in: segment, emit)
                }
                try ArchiveReader(path: settings.archive).forEachLine { _, line in try emit(line) }
            case .postgres:
                let after = after
                let last = try await CommandSupport.withPostgres(settings) { backend in
                    try await PostgresRecordReader(backend: backend).forEach(after: after) { row in
                        try row.line.withUnsafeBufferPointer(output.emit)
                        progress.countRecord()
                    }
                }
                progress.finish()
                if isatty(STDERR_FILENO) == 1 { printError("last sequence number: \(last)") }
                return
            }
        } catch is ClosedPipe {
            return
        } catch let error as SystemError {
            progress.finish()
            printError("newsdrop: \(error)")
            throw ExitStatus.ioError
        }
        progress.finish()
    }
}
