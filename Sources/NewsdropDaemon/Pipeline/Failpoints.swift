import Foundation
import Synchronization

/// Faults for tests, in every build and off unless `NEWSDROP_FAILPOINTS` sets them (as TiKV's
/// fail-rs and etcd's gofail do): `parse-crash=MARKER` traps, a real crash, while parsing a file
/// whose bytes contain MARKER; `parse-hang=MARKER` spins forever instead.
///
/// The README's reliability section documents them as test-only.
package struct Failpoints: Sendable, Equatable {
    package var crashMarker: [UInt8]?
    package var hangMarker: [UInt8]?
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
            switch name {
            case "parse-crash": crashMarker = Array(parts[1].utf8)
            case "parse-hang": hangMarker = Array(parts[1].utf8)
            default: unknown.append(name)
            }
        }
    }

    package var isActive: Bool { crashMarker != nil || hangMarker != nil }

    /// Traps or spins when `bytes` hold a marker; returns at once when no failpoint is set.
    package func apply(to bytes: [UInt8]) {
        guard isActive else { return }
        if let marker = crashMarker, Self.contains(bytes, marker) {
            fatalError("failpoint parse-crash: the file holds its marker")
        }
        if let marker = hangMarker, Self.contains(bytes, marker) {
            let never = Atomic(false)
            while !never.load(ordering: .relaxed) {}
        }
    }

    static func contains(_ bytes: [UInt8], _ marker: [UInt8]) -> Bool {
        bytes.firstRange(of: marker) != nil
    }
}
