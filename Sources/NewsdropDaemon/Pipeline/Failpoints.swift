import Foundation
package import NewsdropCore
import Synchronization

/// Faults for tests, in every build and off unless `NEWSDROP_FAILPOINTS` sets them (as TiKV's
/// fail-rs and etcd's gofail do), each triggered by a file whose bytes contain its MARKER:
/// - `parse-crash=MARKER` traps, a real crash, while parsing the file;
/// - `parse-crash-beside=MARKER` traps the same way once another parse is in progress too
///   (waiting up to 30 s for one), so that a crash lands while another thread parses a good file;
/// - `parse-hang=MARKER` spins forever while parsing the file;
/// - `commit-crash=MARKER` traps after parsing, in the commit of a batch that holds the file's
///   article: a crash outside parsing.
///
/// The README's reliability section documents them as test-only.
package struct Failpoints: Sendable, Equatable {
    package var crashMarker: [UInt8]?
    package var crashBesideMarker: [UInt8]?
    package var hangMarker: [UInt8]?
    package var commitCrashMarker: [UInt8]?
    /// Names in the setting that are not failpoints.
    package var unknown: [String] = []

    /// The failpoints this process was started with.
    package static let current = Failpoints(ProcessInfo.processInfo.environment["NEWSDROP_FAILPOINTS"] ?? "")

    /// Reads `name=MARKER` pairs separated by `;`.
    package init(_ setting: String) {
        for pair in setting.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            guard parts.count == 2, !parts[1].isEmpty else {
                unknown.append(name)
                continue
            }
            let marker = Array(parts[1].utf8)
            switch name {
            case "parse-crash": crashMarker = marker
            case "parse-crash-beside": crashBesideMarker = marker
            case "parse-hang": hangMarker = marker
            case "commit-crash": commitCrashMarker = marker
            default: unknown.append(name)
            }
        }
    }

    package var isActive: Bool { crashMarker != nil || crashBesideMarker != nil || hangMarker != nil || commitCrashMarker != nil }

    /// Traps or spins when `bytes`, a file being parsed, hold a marker; returns at once when no
    /// failpoint is set.
    package func applyWhileParsing(_ bytes: [UInt8]) {
        guard isActive else { return }
        if let marker = crashMarker, Self.contains(bytes, marker) {
            fatalError("failpoint parse-crash: the file holds its marker")
        }
        if let marker = crashBesideMarker, Self.contains(bytes, marker) {
            let deadline = ContinuousClock.now + .seconds(30)
            while ParseSlots.running().count < 2, ContinuousClock.now < deadline { usleep(1000) }
            fatalError("failpoint parse-crash-beside: the file holds its marker; crashing while \(ParseSlots.running().count) parses run")
        }
        if let marker = hangMarker, Self.contains(bytes, marker) {
            let never = Atomic(false)
            while !never.load(ordering: .relaxed) {}
        }
    }

    /// Traps when one of the records about to be committed holds the commit-crash marker.
    package func applyWhileCommitting(_ records: [ArticleRecord]) {
        guard let marker = commitCrashMarker else { return }
        if records.contains(where: { Self.contains(Array($0.text.utf8), marker) }) {
            fatalError("failpoint commit-crash: a record of the batch holds its marker")
        }
    }

    static func contains(_ bytes: [UInt8], _ marker: [UInt8]) -> Bool {
        bytes.firstRange(of: marker) != nil
    }
}
