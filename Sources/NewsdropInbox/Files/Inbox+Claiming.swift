import CLinux
import Glibc
public import NewsdropIO

extension Inbox {
    /// Claims an inbox entry: renames it into `work/` without replacing anything there, then
    /// notes its inode and size. `nil` when the entry is gone (a producer replaced or removed it
    /// before it was claimed: nothing of it was promised).
    ///
    /// A producer that renames a new file over the name afterwards makes a new inbox entry with
    /// its own event; the claimed file is no longer reachable under the inbox name.
    public func claim(_ name: EntryName) throws(SystemError) -> ClaimedFile? {
        var attempt = 0
        while true {
            let workName = ClaimedFile.workName(for: name, attempt: attempt)
            let result = name.withCString { from in
                workName.withCString { to in newsdrop_rename_noreplace(inboxFD, from, workFD, to) }
            }
            if result == 0 { return try claimed(workName, as: name) }
            switch errno {
            case ENOENT: return nil
            case EEXIST: attempt += 1
            case EINVAL, ENOSYS:
                // No RENAME_NOREPLACE on this file system: check the name first. `work/` is the
                // daemon's own, so nothing else can take the name in between.
                if workName.withCString({ faccessat(workFD, $0, F_OK, AT_SYMLINK_NOFOLLOW) }) == 0 {
                    attempt += 1
                    continue
                }
                let moved = name.withCString { from in workName.withCString { to in renameat(inboxFD, from, workFD, to) } }
                if moved == 0 { return try claimed(workName, as: name) }
                if errno == ENOENT { return nil }
                throw .current("rename", path: inboxPath + "/" + name.description)
            default:
                throw .current("rename", path: inboxPath + "/" + name.description)
            }
        }
    }

    /// Every file in `work/`: claimed by an earlier run that ended before retiring it. They are
    /// ingested again at start-up (one already archived is found to be a duplicate of its record).
    public func claimedFiles() throws(SystemError) -> [ClaimedFile] {
        try Self.entries(of: workPath).sorted().compactMap { workName in
            try? claimed(workName, as: ClaimedFile.inboxName(forWorkName: workName))
        }
    }

    /// Size and modification time of a claimed file now; `nil` when it is gone.
    public func stamp(of file: ClaimedFile) -> EntryStamp? {
        var info = stat()
        guard file.workName.withCString({ fstatat(workFD, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else { return nil }
        return EntryStamp(info)
    }

    private func claimed(_ workName: EntryName, as name: EntryName) throws(SystemError) -> ClaimedFile {
        var info = stat()
        guard workName.withCString({ fstatat(workFD, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else {
            throw .current("stat", path: workPath + "/" + workName.description)
        }
        return ClaimedFile(name: name, workName: workName, inode: UInt64(info.st_ino), size: Int(info.st_size), statAtClaim: info)
    }
}
