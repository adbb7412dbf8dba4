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
            by default; --json for scripts.

            Example:
              newsdrop stats --json | jq '.by_language'
            """
    )

    @OptionGroup var configOption: ConfigOption

    @OptionGroup var archiveOption: ArchiveOption

    private var config: String? { configOption.config }
    private var archive: String? { archiveOption.archive }

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let settings = try await CommandSupport.settings(config: config, flags: ["archive": archive])
        let statistics =
            settings.backend == .postgres && archive == nil
            ? try await tableStatistics(settings)
            : try fileStatistics(settings)
        let ledger = CountersLedger.load(stateDirectory: settings.state)
        let failedFolder = settings.spool + "/failed"
        let failedInSpool = ((try? FileManager.default.contentsOfDirectory(atPath: failedFolder)) ?? [])
            .filter { $0.hasSuffix(".error.json") }.count
        if json {
            printJSON(statistics, ledger: ledger, failedInSpool: failedInSpool)
        } else {
            printTable(statistics, ledger: ledger, failedInSpool: failedInSpool)
        }
    }

    private func fileStatistics(_ settings: Settings) throws -> ArchiveStatistics {
        try CommandSupport.requireArchive(settings.archive)
        let total = CommandSupport.totalBytes(ArchiveSegments(archivePath: settings.archive).all())
        let progress = TerminalProgress(label: "counting", total: total)
        defer { progress.finish() }
        do {
            return try ArchiveStatistics(archivePath: settings.archive, progress: progress.update)
        } catch {
            progress.finish()
            printError("newsdrop: \(error)")
            throw ExitStatus.ioError
        }
    }

    /// The same counts over the shared table's records, read in `seq` order.
    private func tableStatistics(_ settings: Settings) async throws -> ArchiveStatistics {
        try await CommandSupport.withPostgres(settings) { backend in
            let progress = TerminalProgress(label: "counting \(settings.postgres.table)", total: 0)
            defer { progress.finish() }
            var statistics = ArchiveStatistics()
            try await PostgresRecordReader(backend: backend).forEach(after: 0) { row in
                row.line.withUnsafeBufferPointer { statistics.add(line: $0) }
                progress.countRecord()
            }
            return statistics
        }
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
