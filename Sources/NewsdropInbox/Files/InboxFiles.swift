public import Foundation
public import NewsdropCore
public import NewsdropIO

/// The inbox's file operations, as the ingest pipeline uses them: find names, stat them, claim a
/// file into `work/`, read it, and retire it to `done/` or reject it to `failed/`.
///
/// ``Inbox`` is the real one, on the spool's folders; tests drive the pipeline with an in-memory
/// double.
package protocol InboxFiles: Sendable {
    /// The names in the inbox now, unordered.
    func scan() throws(SystemError) -> [EntryName]

    /// A name's size and modification time, or `nil` when it is gone.
    func quickStat(_ name: EntryName) -> EntryStamp?

    /// Moves the named file into `work/`, out of the producers' reach; `nil` when it is gone.
    func claim(_ name: EntryName) throws(SystemError) -> ClaimedFile?

    /// A claimed file's size and modification time in `work/`.
    func stamp(of file: ClaimedFile) -> EntryStamp?

    /// Reads a claimed file (at most `maxBytes`).
    func read(_ file: ClaimedFile, maxBytes: Int) -> InboxRead

    /// Moves an ingested file to `done/` (or deletes it); returns its name in `done/`.
    @discardableResult
    func retire(_ file: ClaimedFile, after: AfterIngest, skipped: [SkippedItem], at time: Date) throws(SystemError) -> EntryName?

    /// Moves a file that cannot be ingested to `failed/` with the reason; returns its name there.
    @discardableResult
    func reject(_ file: ClaimedFile, because error: RejectionError, history: CrashHistory?, at time: Date) throws(SystemError) -> EntryName
}

extension Inbox: InboxFiles {}
