import CLinux
public import Foundation
import Glibc
public import NewsdropCore
public import NewsdropIO

/// What happens to an ingested file once its record (or the one it duplicates) is durable.
public enum AfterIngest: String, Sendable, CaseIterable {
    /// Move it to `done/`.
    case move
    /// Delete it.
    case delete
}

extension Inbox {
    /// Retires an ingested file from `work/`: moves it into `done/` (under a free name) or
    /// deletes it. Returns the name it got in `done/`.
    ///
    /// When some of the file's items were skipped, `NAME.error.json` in `done/` lists them; it is
    /// written first, so a retired file never lacks it.
    @discardableResult
    public func retire(_ file: ClaimedFile, after: AfterIngest, skipped: [SkippedItem] = [], at time: Date = Date()) throws(SystemError)
        -> EntryName?
    {
        var target: EntryName?
        if !skipped.isEmpty {
            let chosen = freeName(for: file.name, in: doneFD, alsoFree: ".error.json")
            let reason = "items_skipped"
            let message = "\(skipped.count) of the file's items could not become articles; the others were ingested"
            try writeErrorFile(
                for: file.name, as: chosen, in: doneFD, folderPath: donePath, reason: reason, message: message,
                items: skipped, history: nil, time: time)
            target = chosen
        }
        switch after {
        case .delete:
            guard file.workName.withCString({ unlinkat(workFD, $0, 0) }) == 0 || errno == ENOENT else {
                throw .current("unlink", path: workPath + "/" + file.workName.description)
            }
            return nil
        case .move:
            if target == nil, let moved = try moveWithoutReplacing(file) { return moved }
            let target = target ?? freeName(for: file.name, in: doneFD)
            guard rename(file.workName, from: workFD, to: target, in: doneFD) == 0 || errno == ENOENT else {
                throw .current("rename", path: workPath + "/" + file.workName.description)
            }
            return target
        }
    }

    /// Moves a claimed file into `done/` under the first free name of ``numbered(_:_:)``'s
    /// series, one `renameat2(RENAME_NOREPLACE)` per name tried, so that no file in `done/` is
    /// ever replaced. `nil` when the file system does not offer it; the caller then checks names
    /// first.
    private func moveWithoutReplacing(_ file: ClaimedFile) throws(SystemError) -> EntryName? {
        var attempt = 0
        while true {
            let candidate = Self.numbered(file.name, attempt)
            let result = file.workName.withCString { from in
                candidate.withCString { to in newsdrop_rename_noreplace(workFD, from, doneFD, to) }
            }
            if result == 0 { return candidate }
            switch errno {
            case ENOENT: return candidate
            case EEXIST: attempt += 1
            case EINVAL, ENOSYS: return nil
            default: throw .current("rename", path: workPath + "/" + file.workName.description)
            }
        }
    }

    /// Moves a rejected file from `work/` into `failed/` next to `NAME.error.json` saying why
    /// (with its crash history when it was quarantined). The error file is written first, so the
    /// reason is never missing for a file in `failed/`.
    @discardableResult
    public func reject(
        _ file: ClaimedFile, because error: RejectionError, history: CrashHistory? = nil, at time: Date
    ) throws(SystemError) -> EntryName {
        let target = freeName(for: file.name, in: failedFD, alsoFree: ".error.json")
        try writeErrorFile(
            for: file.name, as: target, in: failedFD, folderPath: failedPath, reason: error.reason,
            message: error.message, items: error.items, history: history, time: time)
        let errorName = target.appending(".error.json")
        guard rename(file.workName, from: workFD, to: target, in: failedFD) == 0 else {
            let failure = SystemError.current("rename", path: workPath + "/" + file.workName.description)
            _ = errorName.withCString { unlinkat(failedFD, $0, 0) }
            throw failure
        }
        return target
    }

    /// Writes `TARGET.error.json` in `folder`: why the file (or some of its items) was not ingested.
    private func writeErrorFile(
        for name: EntryName, as target: EntryName, in folder: Int32, folderPath: String,
        reason: String, message: String, items: [SkippedItem], history: CrashHistory?, time: Date
    ) throws(SystemError) {
        let note = ErrorNote(file: name, reason: reason, message: message, items: items, history: history, time: time)
        let bytes: [UInt8]
        do {
            bytes = try note.bytes()
        } catch {
            throw SystemError("encode", path: folderPath + "/" + target.description + ".error.json", errno: EINVAL)
        }
        let errorName = target.appending(".error.json")
        try FileIO.writeAtomically(
            bytes, name: errorName.bytes, in: folder,
            path: folderPath + "/" + errorName.description)
    }

    private func rename(_ name: EntryName, from source: Int32, to target: EntryName, in destination: Int32) -> Int32 {
        name.withCString { from in target.withCString { to in renameat(source, from, destination, to) } }
    }

    /// `name`, or `name.1`, `name.2`, ... : the first that `folder` does not hold yet.
    private func freeName(for name: EntryName, in folder: Int32, alsoFree suffix: String = "") -> EntryName {
        func exists(_ candidate: EntryName) -> Bool {
            candidate.withCString { faccessat(folder, $0, F_OK, AT_SYMLINK_NOFOLLOW) } == 0
        }
        func taken(_ candidate: EntryName) -> Bool {
            exists(candidate) || (!suffix.isEmpty && exists(candidate.appending(suffix)))
        }
        var attempt = 0
        while taken(Self.numbered(name, attempt)) { attempt += 1 }
        return Self.numbered(name, attempt)
    }

    /// The names a file may get in `done/` or `failed/`, in the order they are tried: `name`,
    /// then `name.1`, `name.2`, ...
    private static func numbered(_ name: EntryName, _ attempt: Int) -> EntryName {
        attempt == 0 ? name : name.appending(".\(attempt)")
    }
}
