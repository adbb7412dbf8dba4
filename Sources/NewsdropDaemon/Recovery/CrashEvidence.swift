import CCrashEvidence
import Foundation
import Glibc
package import NewsdropIO

/// `STATE/crash-evidence`: what this run records, as it happens, of how it ends.
///
/// It is created empty at start and removed at a clean stop, so finding it at start means the
/// last run ended abnormally. The fatal-signal handler appends `crash SIGNAL LINE|-` and the hang
/// watch `hang LINE` (`CCrashEvidence`). It is never synced: a process that dies keeps the pages
/// it wrote, and a power cut, which may lose them, is no file's fault.
package final class CrashEvidence: Sendable {
    package static let fileName = "crash-evidence"
    private let fd: Int32
    private let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// How the last run ended, by the evidence it left (no file: a clean stop).
    package static func lastEnd(stateDirectory: String) -> LastEnd {
        let path = stateDirectory + "/" + fileName
        guard access(path, F_OK) == 0 else { return .clean }
        return LastEnd(evidenceText: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }

    /// Starts this run's evidence, empty, and points the fatal-signal handler at it (once
    /// ``installFatalSignalHandler()`` has installed it).
    package static func start(stateDirectory: String) throws(SystemError) -> CrashEvidence {
        let path = stateDirectory + "/" + fileName
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o640)
        guard fd >= 0 else { throw .current("open", path: path) }
        newsdrop_fatal_signals_record_to(fd)
        return CrashEvidence(fd: fd, path: path)
    }

    /// Installs the process's fatal-signal handler, which writes the evidence and hands each
    /// signal on to the handler installed before it (the Swift runtime's backtracer) or to the
    /// default action. `newsdrop run` calls it once; tests that run the service in their own
    /// process do not, so their crashes stay theirs.
    package static func installFatalSignalHandler() throws(SystemError) {
        guard newsdrop_fatal_signals_install() == 0 else { throw .current("sigaction", path: "") }
    }

    /// Records that `parse` hung, naming its file; false when the parse has ended meanwhile.
    @discardableResult
    package func recordHang(_ parse: ParseSlots.Running) -> Bool {
        newsdrop_record_hang(fd, parse.slot, parse.started) == 0
    }

    /// A clean stop: the handler stops writing here and the file goes, so that the next start
    /// finds no abnormal end.
    package func closeCleanly() {
        newsdrop_fatal_signals_record_to(-1)
        close(fd)
        unlink(path)
    }
}
