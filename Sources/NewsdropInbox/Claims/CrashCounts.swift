import Foundation
public import NewsdropIO
import Synchronization

/// How many abnormal ends of newsdrop each claimed file was named in by newsdrop's own evidence
/// (a fatal signal while parsing it, or a hang verdict on its parse), kept in
/// `STATE/crash-counts` (`CRASHES INODE SIZE HEX-WORK-NAME` lines) until the file is retired.
///
/// Written atomically and synced: it is what lets a file that crashes the daemon on every try be
/// quarantined after its second crash rather than crash it forever.
public final class CrashCounts: Sendable {
    public static let fileName = "crash-counts"
    private let path: String
    private let counts: Mutex<[ClaimedFile: Int]>

    /// The counts kept in `stateDirectory`; none when there is no file.
    public init(stateDirectory: String) {
        path = stateDirectory + "/" + Self.fileName
        var counts: [ClaimedFile: Int] = [:]
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                guard let space = line.firstIndex(of: " "), let crashes = Int(line[..<space]),
                    let file = ClaimedFile(line: line[line.index(after: space)...])
                else { continue }
                counts[file] = crashes
            }
        }
        self.counts = Mutex(counts)
    }

    /// The files with a count, and their counts.
    public var all: [ClaimedFile: Int] { counts.withLock { $0 } }

    /// Replaces every count and saves them.
    public func replace(with new: [ClaimedFile: Int]) throws(SystemError) {
        let text = counts.withLock { counts in
            counts = new
            return Self.text(new)
        }
        try save(text)
    }

    /// Drops a file's count (it was retired or quarantined) and saves the rest; `false` when it
    /// had none.
    @discardableResult
    public func forget(_ file: ClaimedFile) throws(SystemError) -> Bool {
        let text: String? = counts.withLock { counts in
            counts.removeValue(forKey: file) == nil ? nil : Self.text(counts)
        }
        guard let text else { return false }
        try save(text)
        return true
    }

    private static func text(_ counts: [ClaimedFile: Int]) -> String {
        counts.sorted { $0.key.workName < $1.key.workName }.map { "\($0.value) \($0.key.line)\n" }.joined()
    }

    private func save(_ text: String) throws(SystemError) {
        try FileIO.writeAtomically(Array(text.utf8), to: path)
    }
}
