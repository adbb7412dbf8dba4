import Foundation
package import NewsdropIO

/// How many runs in a row ended abnormally with no file to blame, kept in `STATE/abnormal-ends`:
/// what tells one lost process (a SIGKILL, a power cut) from newsdrop that keeps ending outside
/// parsing, whose files then stay in the spool.
///
/// It grows at each start after such an end, and returns to 0 after a clean stop, after an end
/// that evidence pins on a file, and once a run has lasted ``stableRun``.
package struct AbnormalEndStreak: Sendable {
    package static let fileName = "abnormal-ends"
    /// From this many ends in a row, newsdrop "keeps ending abnormally".
    package static let loop = 2
    /// A run that lasts this long ends the streak.
    package static let stableRun = Duration.seconds(600)

    private let path: String
    /// The ends in the streak.
    package private(set) var count: Int

    /// The streak kept in `stateDirectory`; 0 when there is none.
    package init(stateDirectory: String) {
        path = stateDirectory + "/" + Self.fileName
        count =
            (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
    }

    /// True from ``loop`` ends in a row.
    package var isLoop: Bool { count >= Self.loop }

    /// Adds the last run's end and saves the streak.
    package mutating func extend() throws(SystemError) {
        count += 1
        try FileIO.writeAtomically(Array("\(count)\n".utf8), to: path)
    }

    /// Ends the streak; a no-op when there is none.
    package mutating func reset() throws(SystemError) {
        guard count > 0 else { return }
        count = 0
        try FileIO.writeAtomically(Array("0\n".utf8), to: path)
    }
}
