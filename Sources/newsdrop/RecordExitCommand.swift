import ArgumentParser
import Foundation
import NewsdropDaemon

/// `newsdrop record-exit`: keeps how the daemon's last run ended, for the unit's `ExecStopPost=`.
struct RecordExitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record-exit",
        abstract: "Record how the last run ended (for the unit's ExecStopPost=).",
        discussion: """
            systemd runs this after every stop of newsdrop.service, with SERVICE_RESULT, EXIT_CODE \
            and EXIT_STATUS in the environment. It keeps them in STATE/last-exit, and the next \
            start reads them once and tells them along: in the journal entry about an abnormal \
            end, and in the NAME.error.json of a file quarantined with reason crashed_daemon. \
            They blame no file: only newsdrop's own evidence (STATE/crash-evidence) does, so \
            newsdrop behaves the same without this command. Without those variables it records \
            nothing.

            \(ExitStatus.summary([.cannotCreate, .config], success: "recorded (or nothing to record)"))

            Example (what the unit does):
              ExecStopPost=/usr/bin/newsdrop record-exit --config /etc/newsdrop/newsdrop.yaml
            """
    )

    @OptionGroup var configOption: ConfigOption

    @OptionGroup var stateOption: StateOption

    private var config: String? { configOption.config }
    private var state: String? { stateOption.state }

    func run() async throws {
        let settings = try await CommandSupport.settings(config: config, flags: ["state": state])
        guard let report = ExitReport(environment: ProcessInfo.processInfo.environment) else { return }
        do {
            try report.write(stateDirectory: settings.state)
        } catch {
            printError("newsdrop: \(error)")
            throw ExitStatus.cannotCreate.code
        }
    }
}
