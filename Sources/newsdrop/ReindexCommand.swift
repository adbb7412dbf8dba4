import ArgumentParser
import Foundation
import Logging
import NewsdropDaemon
import NewsdropStore

/// `newsdrop reindex`: rebuilds the dedup state from the archive and every segment.
struct ReindexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the deduplication state from the archive and every rotated segment.",
        discussion: """
            Use it after restoring an archive from a backup, or when `newsdrop verify` reports \
            that the state disagrees with the archive. The ids of every segment and the archive, \
            and the near-duplicate fingerprints of the archive, are read again and written as a \
            new checkpoint; the result is what `newsdrop run` builds from the same files. A torn \
            last line is cut off and kept aside first, as at start-up.

            newsdrop run must not be running on the same state (exit status 75 when it is). \
            Progress is shown on a terminal.

            Example:
              systemctl stop newsdrop && newsdrop reindex --config /etc/newsdrop/newsdrop.yaml
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
        try CommandSupport.requireFileBackend(settings, archiveFlag: archive, command: "reindex")
        try CommandSupport.requireArchive(settings.archive)
        do throws(any Error) {
            guard let lock = try StateLock(stateDirectory: settings.state) else {
                printError("newsdrop: \(StateInUse(state: settings.state))")
                throw ExitStatus.tempFail.code
            }
            let files = ArchiveSegments(archivePath: settings.archive).all()
            let progress = TerminalProgress(label: "reindexing", total: CommandSupport.totalBytes(files))
            try? FileManager.default.removeItem(atPath: settings.state + "/" + LocalDedupIndex.checkpointName)
            let archiveFile = try ArchiveFile(path: settings.archive)
            let index = try await LocalDedupIndex(
                stateDirectory: settings.state, archive: archiveFile, logger: Logger(label: "newsdrop"), progress: progress.update)
            progress.finish()
            let articles = await index.count()
            let fingerprints = await index.nearCount()
            printError("newsdrop: reindexed \(articles) articles from \(files.count) files (\(fingerprints) near-duplicate fingerprints)")
            withExtendedLifetime(lock) {}
        } catch {
            throw ExitStatus.failure(error, otherwise: .ioError)
        }
    }
}
