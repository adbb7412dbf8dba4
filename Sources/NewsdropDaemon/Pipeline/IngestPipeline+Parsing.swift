import Foundation
import Logging
import NewsdropArchive
import NewsdropCore
import NewsdropInbox

extension IngestPipeline {
    /// What reading and parsing made of one file.
    enum ParseOutcome: Sendable {
        case parsed(ParsedFile)
        case rejected(RejectionError)
        case changed(EntryStamp)
        case vanished
    }

    /// Files per parallel task: small enough that the cores share a batch evenly while one of
    /// them also decides and commits the batch before.
    static let filesPerTask = 16

    /// The cores this process may use, read once: Foundation reads the cgroup's CPU quota files
    /// on every ask, which cost two opens per batch.
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// Reads and parses the files in parallel, in small runs spread over the cores; results keep
    /// the given order.
    ///
    /// Only one run more than there are cores waits in the executor's queue at any time. The
    /// queue is first come, first served, so a long queue of runs would hold back the batch
    /// before whenever it resumes from a wait (its `fdatasync`) until the whole read-ahead is
    /// parsed; with a short one it waits for one run at most.
    func readAndParse(_ names: [ClaimedFile], maxBytes: Int) async -> [(ClaimedFile, ParseOutcome)] {
        let cores = Self.cores
        guard cores > 1, names.count > Self.filesPerTask else {
            return names.map { ($0, readAndParse($0, maxBytes: maxBytes)) }
        }
        var outcomes = [ParseOutcome?](repeating: nil, count: names.count)
        await withTaskGroup(of: (Int, [ParseOutcome]).self) { group in
            var starts = stride(from: 0, to: names.count, by: Self.filesPerTask).makeIterator()
            func addRun(at start: Int) {
                group.addTask {
                    let run = names[start..<min(start + Self.filesPerTask, names.count)]
                    return (start, run.map { readAndParse($0, maxBytes: maxBytes) })
                }
            }
            for _ in 0...cores {
                guard let start = starts.next() else { break }
                addRun(at: start)
            }
            for await (start, run) in group {
                if let next = starts.next() { addRun(at: next) }
                for (offset, outcome) in run.enumerated() { outcomes[start + offset] = outcome }
            }
        }
        return zip(names, outcomes).map { ($0, $1!) }
    }

    /// Reads one claimed file and parses it inside its parse slot, where the crash handler and
    /// the hang watch can see it.
    func readAndParse(_ file: ClaimedFile, maxBytes: Int) -> ParseOutcome {
        switch inbox.read(file, maxBytes: maxBytes) {
        case .vanished: return .vanished
        case .changedWhileReading(let stamp): return .changed(stamp)
        case .rejected(let reason): return .rejected(reason)
        case .file(let bytes, let facts):
            return ParseSlots.parsing(file) {
                failpoints.applyWhileParsing(bytes)
                do throws(RejectionError) {
                    return .parsed(try parser.parseAll(bytes, file: facts, now: Date()))
                } catch {
                    return .rejected(error)
                }
            }
        }
    }
}
