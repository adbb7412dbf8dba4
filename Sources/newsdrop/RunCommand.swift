import ArgumentParser
import Foundation
import Logging
import NewsdropDaemon
import NewsdropIO
import NewsdropPostgres
import NewsdropSystemd
import ServiceLifecycle

/// `newsdrop run`: the daemon in the foreground.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Watch the inbox and ingest articles until SIGTERM or SIGINT.",
        discussion: """
            Creates SPOOL/inbox, SPOOL/done and SPOOL/failed when missing, ingests the files \
            already in the inbox, then every file renamed or written into it. With no flags and no \
            config the spool is ./var/spool, the archive ./var/archive.jsonl and the state \
            ./var/state, so `newsdrop run` works from a checkout.

            Examples:
              newsdrop run
              newsdrop run --config /etc/newsdrop/newsdrop.yaml
              NEWSDROP_LOG_LEVEL=debug newsdrop run --spool /srv/news
            """
    )

    @OptionGroup var configOption: ConfigOption

    @Option(name: .long, help: ArgumentHelp("The spool folder holding inbox/, done/ and failed/.", valueName: "dir"))
    var spool: String?

    @OptionGroup var archiveOption: ArchiveOption

    @OptionGroup var stateOption: StateOption

    private var config: String? { configOption.config }
    private var archive: String? { archiveOption.archive }
    private var state: String? { stateOption.state }

    @Option(name: .long, help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String?

    func run() async throws {
        var flags: [String: String] = [:]
        flags["log_level"] = logLevel
        flags["spool"] = spool
        flags["archive"] = archive
        flags["state"] = state
        let configFile = config
        let flagValues = flags
        let load: @Sendable () async throws(SettingsError) -> Settings = {
            try await Settings.load(configFile: configFile, flags: flagValues)
        }
        let settings: Settings
        do {
            settings = try await load()
        } catch {
            throw ExitStatus.failure(error)
        }
        // The Swift runtime's crash reporter catches SIGABRT and, for one sent by another process,
        // returns to the program after printing a backtrace. systemd's watchdog aborts a hung
        // daemon with SIGABRT, so it must end the process (with a core dump) as it does elsewhere.
        // Traps and faults keep the runtime's backtrace.
        signal(SIGABRT, SIG_DFL)
        // Fatal signals first name the file their thread was parsing in STATE/crash-evidence, then
        // go on to the handlers above (or the default action): backtraces and core dumps stay.
        do {
            try CrashEvidence.installFatalSignalHandler()
        } catch {
            throw ExitStatus.failure(error)
        }
        let logLevel = LogLevelSetting(settings.logLevel)
        let target = settings.logTarget
        LoggingSystem.bootstrap { _ in target.makeHandler(level: logLevel) }
        let logger = Logger(label: "newsdrop")
        let group = NewsdropService.serviceGroup(
            settings: settings, logLevel: logLevel, logger: logger, notifier: SystemdNotifier(),
            reloadSettings: { try await load() })
        do {
            try await group.run()
        } catch {
            throw ExitStatus.failure(error)
        }
    }
}

/// Writes one line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
