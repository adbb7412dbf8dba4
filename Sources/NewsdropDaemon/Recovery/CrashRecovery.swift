import Foundation
import Logging
import NewsdropCore
import NewsdropIO
import NewsdropInbox

/// What a start-up makes of the way the last run ended and of the files it claimed into `work/`
/// and did not retire.
///
/// Only first-hand evidence blames a file (``LastEnd``): a fatal signal raised while a thread was
/// parsing it, or a hang verdict on its parse. Each such end counts one crash for that file; at
/// ``crashLimit`` it is quarantined in `failed/` (reason `crashed_daemon`). An abnormal end that
/// names no file blames nothing, and ``AbnormalEndStreak`` counts it: from two in a row newsdrop
/// says it keeps ending outside parsing, and every file stays in the spool. The exit report of
/// `record-exit` is only told along. Files with a crash count and the files in flight at the end
/// are parsed one at a time before anything else, so that a next crash names one file alone;
/// every other leftover is ingested as usual, and one whose record was already durable is found
/// to be its duplicate, so nothing is archived twice.
struct CrashRecovery {
    /// Crashes after which a file is quarantined.
    static let crashLimit = 2

    let inbox: Inbox
    let stateDirectory: String
    let logger: Logger
    let counters: IngestCounters

    func plan(after last: LastEnd) throws(SystemError) -> RecoveryPlan {
        let leftovers = try inbox.claimedFiles()
        let present = Set(leftovers)
        let inFlight = InFlightRecord.load(stateDirectory: stateDirectory).filter { present.contains($0) }
        let exit = ExitReport.take(stateDirectory: stateDirectory)?.description
        let counts = CrashCounts(stateDirectory: stateDirectory)
        var updated = counts.all.filter { present.contains($0.key) }
        let blamed = last.blamed.filter { present.contains($0.file) }
        var streak = AbnormalEndStreak(stateDirectory: stateDirectory)
        let abnormal = !last.wasClean || !inFlight.isEmpty
        if abnormal, blamed.isEmpty {
            try streak.extend()
            reportUnexplainedEnd(last, streak: streak, inFlight: inFlight.count, exit: exit)
        } else {
            try streak.reset()
        }
        counters.setAbnormalEndsInARow(streak.count)
        var causes: [ClaimedFile: LastEnd.Cause] = [:]
        for (file, cause) in blamed {
            updated[file, default: 0] += 1
            causes[file] = cause
            counters.metrics.abnormalEnd(cause: cause.metricLabel)
            logger.event(
                .parseCrash, .error,
                "the last run ended because of \(file.name), by newsdrop's own evidence: \(cause) (crash \(updated[file] ?? 0) of \(Self.crashLimit) before it is set aside)",
                [
                    "source_file": "\(file.name)", "evidence": "\(cause)", "crashes": "\(updated[file] ?? 0)",
                    "crash_limit": "\(Self.crashLimit)", "in_flight": "\(inFlight.count)", "last_exit": "\(exit ?? "unknown")",
                ])
        }
        var isolated = Set(inFlight)
        var quarantined: Set<ClaimedFile> = []
        for (file, crashes) in updated {
            guard crashes >= Self.crashLimit, let cause = causes[file] else {
                isolated.insert(file)
                continue
            }
            quarantine(file, history: CrashHistory(crashes: crashes, evidence: cause.description, lastExit: exit))
            quarantined.insert(file)
            isolated.remove(file)
            updated[file] = nil
        }
        if updated != counts.all { try counts.replace(with: updated) }
        let rest = leftovers.filter { !isolated.contains($0) && !quarantined.contains($0) }
        return RecoveryPlan(isolated: isolated.sorted { $0.workName < $1.workName }, leftovers: rest, counts: counts)
    }

    /// Tells the journal, the metrics and STATUS= of an abnormal end that names no file.
    private func reportUnexplainedEnd(_ last: LastEnd, streak: AbnormalEndStreak, inFlight: Int, exit: String?) {
        let cause = last.signalsOutsideParsing.isEmpty ? "no_evidence" : "crash_outside_parsing"
        counters.metrics.abnormalEnd(cause: cause)
        let metadata: Logger.Metadata = [
            "evidence": "\(last.unexplained)", "in_flight": "\(inFlight)", "ends_in_a_row": "\(streak.count)",
            "last_exit": "\(exit ?? "unknown")", "work": "\(inbox.workPath)",
        ]
        if streak.isLoop {
            logger.event(
                .crashLoop, .error,
                "newsdrop keeps ending abnormally outside parsing (\(streak.count) times in a row); no file is blamed and every file stays in the spool",
                metadata)
        } else {
            logger.event(
                .crashSuspects, .warning,
                "the last run ended abnormally with no evidence against a file; the files it had in flight are tried again, each on its own first",
                metadata)
        }
    }

    private func quarantine(_ file: ClaimedFile, history: CrashHistory) {
        let reason = RejectionError.crashedDaemon(crashes: history.crashes, evidence: history.evidence, lastExit: history.lastExit)
        do {
            let kept = try inbox.reject(file, because: reason, history: history, at: Date())
            logger.event(
                .quarantined, .error, "file quarantined: by newsdrop's own evidence it crashed or hung newsdrop \(history.crashes) times",
                [
                    "source_file": "\(file.name)", "reason": "\(reason.reason)", "crashes": "\(history.crashes)",
                    "evidence": "\(history.evidence)", "last_exit": "\(history.lastExit ?? "unknown")", "failed_as": "\(kept)",
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
