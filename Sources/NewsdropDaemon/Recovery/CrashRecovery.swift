import Foundation
import Logging
import NewsdropCore
import NewsdropIO
import NewsdropInbox

/// What a start-up makes of the files an earlier run claimed into `work/` and did not retire.
///
/// When that run ended while files were in flight (its in-flight record is not empty) and the
/// service manager does not say an operator killed it, each of those files counts one crash. A
/// file at ``crashLimit`` crashes is quarantined in `failed/` (reason `crashed_daemon`); the other
/// suspects are parsed one at a time before anything else, so that the next crash names its
/// file. Every other leftover is ingested as usual; one whose record was already durable is
/// found to be its duplicate, so nothing is archived twice.
struct CrashRecovery {
    /// Crashes after which a file is quarantined.
    static let crashLimit = 2

    let inbox: Inbox
    let stateDirectory: String
    let logger: Logger
    let counters: IngestCounters

    func plan() throws(SystemError) -> RecoveryPlan {
        let leftovers = try inbox.claimedFiles()
        let inFlight = InFlightRecord.load(stateDirectory: stateDirectory)
        let exit = ExitReport.take(stateDirectory: stateDirectory)
        let counts = CrashCounts(stateDirectory: stateDirectory)
        let present = Set(leftovers)
        var updated = counts.all.filter { present.contains($0.key) }
        let suspects = inFlight.filter { present.contains($0) }
        if !suspects.isEmpty {
            if let exit, exit.isKilledFromOutside {
                logger.event(
                    .crashSuspects, .notice, "the last run was killed with SIGKILL; the files it had in flight are ingested as usual",
                    ["in_flight": "\(suspects.count)", "last_exit": "\(exit)"])
            } else {
                for file in suspects { updated[file, default: 0] += 1 }
                logger.event(
                    .crashSuspects, .warning,
                    "the last run ended abnormally with files in flight; each is parsed on its own before other files",
                    [
                        "in_flight": "\(suspects.count)", "last_exit": "\(exit?.description ?? "unknown")",
                        "work": "\(inbox.workPath)",
                    ])
            }
        }
        var isolated: [ClaimedFile] = []
        var quarantined: Set<ClaimedFile> = []
        for (file, crashes) in updated.sorted(by: { $0.key.workName < $1.key.workName }) {
            guard crashes >= Self.crashLimit else {
                isolated.append(file)
                continue
            }
            quarantine(file, history: CrashHistory(crashes: crashes, lastExit: exit?.description))
            quarantined.insert(file)
            updated[file] = nil
        }
        if updated != counts.all { try counts.replace(with: updated) }
        let isolatedSet = Set(isolated)
        let rest = leftovers.filter { !isolatedSet.contains($0) && !quarantined.contains($0) }
        return RecoveryPlan(isolated: isolated, leftovers: rest, counts: counts)
    }

    private func quarantine(_ file: ClaimedFile, history: CrashHistory) {
        let reason = RejectionError.crashedDaemon(crashes: history.crashes, lastExit: history.lastExit)
        do {
            let kept = try inbox.reject(file, because: reason, history: history, at: Date())
            logger.event(
                .quarantined, .error, "file quarantined: newsdrop crashed \(history.crashes) times while parsing it",
                [
                    "source_file": "\(file.name)", "reason": "\(reason.reason)", "crashes": "\(history.crashes)",
                    "last_exit": "\(history.lastExit ?? "unknown")", "failed_as": "\(kept)",
                ])
            counters.failed(reason: reason.reason)
        } catch {
            logger.event(
                .quarantined, .error, "a file that crashed newsdrop could not be moved to failed/; it stays in work/",
                [
                    "source_file": "\(file.name)", "crashes": "\(history.crashes)", "error": "\(error)",
                ])
        }
    }
}

/// The claimed files a start-up found in `work/`: suspects of a crash, to parse one at a time
/// first, and the other leftovers, to ingest in batches before new files.
struct RecoveryPlan: Sendable {
    var isolated: [ClaimedFile] = []
    var leftovers: [ClaimedFile] = []
    /// The suspects' crash counts, dropped as each suspect is retired.
    var counts: CrashCounts?
}
