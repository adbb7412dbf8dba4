import Foundation
import NewsdropCore
import NewsdropIO
import NewsdropInbox
import Synchronization

/// An inbox held in memory, for driving the pipeline without a spool: files are byte arrays, and
/// `done/` and `failed/` are lists of names.
final class MemoryInbox: InboxFiles {
    private struct State {
        var inbox: [EntryName: [UInt8]] = [:]
        var work: [EntryName: [UInt8]] = [:]
        var done: [String] = []
        var failed: [(name: String, reason: String)] = []
        var nextInode: UInt64 = 1
        /// Names whose next read finds the file still being written.
        var changingOnNextRead: Set<String> = []
        var reads: [String: Int] = [:]
    }

    private let state = Mutex(State())
    private static let modified: Int64 = 1_780_000_000_000_000_000

    /// Drops a file into the inbox.
    func drop(_ name: String, _ text: String) {
        state.withLock { $0.inbox[EntryName(name)] = Array(text.utf8) }
    }

    /// The next read of `name` finds it changing, as when a writer still has it open.
    func changeOnNextRead(_ name: String) {
        _ = state.withLock { $0.changingOnNextRead.insert(name) }
    }

    var done: [String] { state.withLock { $0.done } }
    var failed: [(name: String, reason: String)] { state.withLock { $0.failed } }
    var inWork: Int { state.withLock { $0.work.count } }
    func reads(of name: String) -> Int { state.withLock { $0.reads[name] ?? 0 } }

    func scan() throws(SystemError) -> [EntryName] {
        state.withLock { Array($0.inbox.keys) }
    }

    func quickStat(_ name: EntryName) -> EntryStamp? {
        state.withLock { $0.inbox[name].map { EntryStamp(size: $0.count, modifiedNanoseconds: Self.modified) } }
    }

    func claim(_ name: EntryName) throws(SystemError) -> ClaimedFile? {
        state.withLock { state in
            guard let bytes = state.inbox.removeValue(forKey: name) else { return nil }
            state.work[name] = bytes
            state.nextInode += 1
            return ClaimedFile(name: name, workName: name, inode: state.nextInode, size: bytes.count)
        }
    }

    func stamp(of file: ClaimedFile) -> EntryStamp? {
        state.withLock { $0.work[file.workName].map { EntryStamp(size: $0.count, modifiedNanoseconds: Self.modified) } }
    }

    func read(_ file: ClaimedFile, maxBytes: Int) -> InboxRead {
        state.withLock { state in
            let name = file.name.description
            state.reads[name, default: 0] += 1
            guard let bytes = state.work[file.workName] else { return .vanished }
            if state.changingOnNextRead.remove(name) != nil {
                return .changedWhileReading(EntryStamp(size: bytes.count, modifiedNanoseconds: Self.modified))
            }
            return .file(bytes: bytes, facts: FileFacts(name: name, modified: Date(timeIntervalSince1970: 1_780_000_000)))
        }
    }

    func retire(_ file: ClaimedFile, after: AfterIngest, skipped: [SkippedItem], at time: Date) throws(SystemError) -> EntryName? {
        state.withLock { state in
            state.work[file.workName] = nil
            state.done.append(file.name.description)
        }
        return file.name
    }

    func reject(_ file: ClaimedFile, because error: RejectionError, history: CrashHistory?, at time: Date) throws(SystemError) -> EntryName
    {
        state.withLock { state in
            state.work[file.workName] = nil
            state.failed.append((file.name.description, error.reason))
        }
        return file.name
    }
}
