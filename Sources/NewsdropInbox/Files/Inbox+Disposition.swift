public import NewsdropCore
public import NewsdropIO
public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What happens to an ingested file once its record (or the one it duplicates) is durable.
public enum AfterIngest: String, Sendable, CaseIterable {
    /// Move it to `done/`.
    case move
    /// Delete it.
    case delete
}

extension Inbox {
    /// Retires an ingested file: moves it into `done/` (under a free name) or deletes it.
    /// Returns the name it got in `done/`.
    @discardableResult
    public func retire(_ name: String, after: AfterIngest) throws(SystemError) -> String? {
        switch after {
        case .delete:
            guard unlinkat(inboxFD, name, 0) == 0 || errno == ENOENT else {
                throw .current("unlink", path: inboxPath + "/" + name)
            }
            return nil
        case .move:
            let target = freeName(for: name, in: doneFD)
            guard renameat(inboxFD, name, doneFD, target) == 0 || errno == ENOENT else {
                throw .current("rename", path: inboxPath + "/" + name)
            }
            return target
        }
    }

    /// Moves a rejected entry into `failed/` next to `NAME.error.json` saying why. The error file
    /// is written first, so the reason is never missing for a file in `failed/`.
    @discardableResult
    public func reject(_ name: String, because error: RejectionError, at time: Date) throws(SystemError) -> String {
        let target = freeName(for: name, in: failedFD, alsoFree: ".error.json")
        var json = JSONWriter()
        json.beginObject()
        json.key("file"); json.string(name)
        json.key("reason"); json.string(error.reason)
        json.key("message"); json.string(error.message)
        json.key("time"); json.string(CivilCalendar.rfc3339UTC(time))
        json.endObject()
        let errorPath = failedPath + "/" + target + ".error.json"
        try FileIO.writeAtomically(json.bytes + [UInt8(ascii: "\n")], to: errorPath)
        guard renameat(inboxFD, name, failedFD, target) == 0 else {
            let failure = SystemError.current("rename", path: inboxPath + "/" + name)
            unlink(errorPath)
            throw failure
        }
        return target
    }

    /// `name`, or `name.1`, `name.2`, ... : the first that `folder` does not hold yet.
    private func freeName(for name: String, in folder: Int32, alsoFree suffix: String = "") -> String {
        func taken(_ candidate: String) -> Bool {
            faccessat(folder, candidate, F_OK, AT_SYMLINK_NOFOLLOW) == 0
                || (!suffix.isEmpty && faccessat(folder, candidate + suffix, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
        }
        guard taken(name) else { return name }
        var counter = 1
        while taken("\(name).\(counter)") { counter += 1 }
        return "\(name).\(counter)"
    }
}
