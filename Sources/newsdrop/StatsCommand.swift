import ArgumentParser
import Foundation
import NewsdropCore
import NewsdropDaemon
import NewsdropPostgres
import NewsdropStore

/// `newsdrop stats`: what the archive holds, and what was dropped or rejected.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count the archive's articles per day, source, language and input format.",
        discussion: """
            Reads the archive and every rotated segment, or with backend: postgres the shared \
            table (--archive FILE reads a file instead). Duplicates and failures leave no record, \
            so their totals come from the state folder (kept by newsdrop run; with PostgreSQL, \
            this instance's) and from the files in the spool's failed/ folder. A readable table \
            by default; --format json for scripts.

            Example:
              newsdrop stats --format json | jq '.by_language'
            """
    )

    @OptionGroup var configOption: ConfigOption

    @OptionGroup var archiveOption: ArchiveOption

    private var config: String? { configOption.config }
    private var archive: String? { archiveOption.archive }

    @Option(name: .long, help: ArgumentHelp("text (a table for people) or json (for tools).", valueName: "format"))
    var format: OutputFormat = .text

    /// The spelling of `--format json` before every command took `--format`.
    @Flag(name: .long, help: .hidden)
    var json = false

    func run() async throws {
        let settings = try await CommandSupport.settings(config: config, flags: ["archive": archive])
        let source = RecordSourceChoice(settings: settings, archiveFlag: archive).source(settings: settings)
        let statistics = try await Self.statistics(of: source)
        let ledger = CountersLedger.load(stateDirectory: settings.state)
        let failedFolder = settings.spool + "/failed"
        let failedInSpool = ((try? FileManager.default.contentsOfDirectory(atPath: failedFolder)) ?? [])
            .filter { $0.hasSuffix(".error.json") }.count
        if json || format == .json {
            printJSON(statistics, ledger: ledger, failedInSpool: failedInSpool)
        } else {
            printTable(statistics, ledger: ledger, failedInSpool: failedInSpool)
        }
    }

    /// Counts every record of `source`, with progress on a terminal.
    private static func statistics(of source: any RecordSource) async throws -> ArchiveStatistics {
        let progress = TerminalProgress(label: "counting \(source.name)", total: source.totalBytes)
        defer { progress.finish() }
        var statistics = ArchiveStatistics()
        do {
            try await source.forEachLine { line, bytes in
                statistics.add(line: line)
                if bytes == 0 {
                    progress.countRecord()
                } else if bytes & 0xFFFFF < UInt64(line.count + 1) {
                    progress.update(bytes)
                }
            }
        } catch {
            progress.finish()
            throw ExitStatus.failure(error, otherwise: .ioError)
        }
        return statistics
    }

    private func printJSON(_ statistics: ArchiveStatistics, ledger: CountersLedger, failedInSpool: Int) {
        var writer = JSONWriter()
        func counts(_ key: String, _ values: [String: Int]) {
            writer.key(key)
            writer.value(.object(values.mapValues { .number(Double($0)) }))
        }
        writer.beginObject()
        writer.key("records")
        writer.int(statistics.records)
        writer.key("marked_near_duplicates")
        writer.int(statistics.markedNearDuplicates)
        writer.key("duplicates")
        writer.int(ledger.duplicates)
        writer.key("near_duplicates_dropped")
        writer.int(ledger.nearDuplicates)
        writer.key("failed")
        writer.int(ledger.failed)
        writer.key("failed_in_spool")
        writer.int(failedInSpool)
        writer.key("unreadable_lines")
        writer.int(statistics.unreadableLines)
        counts("by_day", statistics.byDay)
        counts("by_source", statistics.bySource)
        counts("by_language", statistics.byLanguage)
        counts("by_input_format", statistics.byInputFormat)
        writer.endObject()
        print(String(decoding: writer.bytes, as: UTF8.self))
    }

    private func printTable(_ statistics: ArchiveStatistics, ledger: CountersLedger, failedInSpool: Int) {
        print("articles archived      \(statistics.records)")
        print("  marked near-dups     \(statistics.markedNearDuplicates)")
        print("duplicates dropped     \(ledger.duplicates) (near-duplicates \(ledger.nearDuplicates))")
        print("files rejected         \(ledger.failed) (\(failedInSpool) in failed/ now)")
        if statistics.unreadableLines > 0 { print("unreadable lines       \(statistics.unreadableLines)") }
        section("by publication day", statistics.byDay, sortByKey: true)
        section("by source", statistics.bySource)
        section("by language", statistics.byLanguage)
        section("by input format", statistics.byInputFormat)
    }

    private func section(_ title: String, _ counts: [String: Int], sortByKey: Bool = false) {
        print("\n\(title)")
        let rows =
            sortByKey
            ? counts.sorted { $0.key < $1.key }
            : counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        let width = max(12, rows.map(\.key.count).max() ?? 0)
        for (key, count) in rows {
            print("  " + key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(count))
        }
    }
}
