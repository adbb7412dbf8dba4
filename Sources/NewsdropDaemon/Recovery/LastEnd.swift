package import NewsdropInbox

/// How the last run of newsdrop ended, from the evidence it recorded itself
/// (``CrashEvidence``): cleanly, or abnormally with what, if anything, names a file.
///
/// Only evidence blames a file: a fatal signal that a thread raised itself while it was parsing
/// that file, or a hang verdict on its parse. An end without such evidence (a SIGKILL, an OOM
/// kill, a power cut, a crash on a thread that was not parsing) blames nothing.
package struct LastEnd: Sendable, Equatable {
    /// One line of evidence.
    package enum Evidence: Sendable, Equatable {
        /// A fatal signal; `file` is what the crashing thread was parsing, `nil` when it was not
        /// parsing or the signal came from another process.
        case crash(signal: Int32, file: ClaimedFile?)
        /// A parse that ran past `parse_timeout`.
        case hang(ClaimedFile)
    }

    /// What evidence says a file did.
    package enum Cause: Sendable, Equatable, CustomStringConvertible {
        case crash(signal: Int32)
        case hang

        package var description: String {
            switch self {
            case .crash(let signal): "\(LastEnd.signalName(signal)) while parsing it"
            case .hang: "its parse hung past parse_timeout"
            }
        }

        /// The label of `newsdrop_abnormal_ends_total`.
        var metricLabel: String {
            switch self {
            case .crash: "parse_crash"
            case .hang: "parse_hang"
            }
        }
    }

    /// True when the run stopped cleanly (or there was none).
    package var wasClean: Bool
    package var evidence: [Evidence]

    /// The end of a run that stopped cleanly.
    package static let clean = LastEnd(wasClean: true, evidence: [])

    package init(wasClean: Bool, evidence: [Evidence]) {
        self.wasClean = wasClean
        self.evidence = evidence
    }

    /// Reads the evidence file's text: `nil` when there was no file (a clean stop), lines of
    /// `crash SIGNAL LINE`, `crash SIGNAL -` and `hang LINE` otherwise. Lines that are not
    /// evidence (a write cut short) are skipped.
    package init(evidenceText text: String?) {
        guard let text else {
            self = .clean
            return
        }
        var evidence: [Evidence] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 2)
            switch fields.first {
            case "crash" where fields.count == 3:
                guard let signal = Int32(fields[1]) else { continue }
                if fields[2] == "-" {
                    evidence.append(.crash(signal: signal, file: nil))
                } else if let file = ClaimedFile(line: fields[2]) {
                    evidence.append(.crash(signal: signal, file: file))
                }
            case "hang" where fields.count >= 2:
                guard let file = ClaimedFile(line: line.dropFirst(5)) else { continue }
                evidence.append(.hang(file))
            default:
                continue
            }
        }
        self.init(wasClean: false, evidence: evidence)
    }

    /// The files the evidence names, each once, with what it says of the first mention.
    package var blamed: [(file: ClaimedFile, cause: Cause)] {
        var seen: Set<ClaimedFile> = []
        return evidence.compactMap { line in
            let named: (ClaimedFile, Cause)? =
                switch line {
                case .crash(let signal, let file?): (file, .crash(signal: signal))
                case .hang(let file): (file, .hang)
                case .crash(_, nil): nil
                }
            guard let named, seen.insert(named.0).inserted else { return nil }
            return named
        }
    }

    /// Fatal signals recorded on threads that were not parsing, or sent by another process.
    package var signalsOutsideParsing: [Int32] {
        evidence.compactMap { if case .crash(let signal, nil) = $0 { signal } else { nil } }
    }

    /// The end in words, for the journal: `SIGSEGV outside parsing`, or `no evidence (...)`.
    package var unexplained: String {
        let signals = signalsOutsideParsing
        guard !signals.isEmpty else { return "no evidence: a SIGKILL, an OOM kill or a power cut" }
        return signals.map { "\(Self.signalName($0)) outside parsing" }.joined(separator: ", ")
    }

    /// `SIGSEGV` for 11; the number for a signal without a name here.
    package static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 11: "SIGSEGV"]
        return names[signal] ?? "signal \(signal)"
    }
}
