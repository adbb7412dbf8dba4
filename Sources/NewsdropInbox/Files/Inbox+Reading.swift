import Glibc
public import NewsdropCore
import NewsdropIO

/// The result of trying to read one claimed file.
public enum InboxRead: Sendable {
    /// A regular file's bytes and facts.
    case file(bytes: [UInt8], facts: FileFacts)
    /// The entry must not be read (or could not be); it goes to `failed/`.
    case rejected(RejectionError)
    /// The file disappeared from `work/` before it could be opened.
    case vanished
    /// The file changed (was truncated or written) while it was read: read it again once it settles.
    case changedWhileReading(EntryStamp)
}

extension Inbox {
    /// Opens and reads a claimed file safely: links are never followed, only a regular file with
    /// a single link is read, FIFOs and devices are never opened, and a file larger than
    /// `maxBytes` is rejected unread.
    public func read(_ file: ClaimedFile, maxBytes: Int) -> InboxRead {
        let name = file.workName
        var info = stat()
        if let known = file.statAtClaim {
            // Nothing but newsdrop renames entries in work/: the stat of the claim still holds.
            info = known
        } else if name.withCString({ fstatat(workFD, $0, &info, AT_SYMLINK_NOFOLLOW) }) != 0 {
            return errno == ENOENT ? .vanished : .rejected(.unreadable(String(cString: strerror(errno))))
        }
        if let rejection = Self.rejection(for: info, maxBytes: maxBytes) { return .rejected(rejection) }
        let fd = name.withCString { openat(workFD, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
        guard fd >= 0 else {
            switch errno {
            case ENOENT: return .vanished
            case ELOOP: return .rejected(.symlink)
            default: return .rejected(.unreadable(String(cString: strerror(errno))))
            }
        }
        defer { close(fd) }
        // Check what was opened, whatever the stat before said.
        guard fstat(fd, &info) == 0 else { return .rejected(.unreadable(String(cString: strerror(errno)))) }
        if let rejection = Self.rejection(for: info, maxBytes: maxBytes) { return .rejected(rejection) }
        let expected = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: expected + 1)
        var total = 0
        while true {
            if total == bytes.count {
                guard bytes.count <= maxBytes else { return .rejected(.tooLarge(size: total, limit: maxBytes)) }
                bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count)))
            }
            let got = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + total, $0.count - total) }
            if got < 0 {
                if errno == EINTR { continue }
                return .rejected(.unreadable(String(cString: strerror(errno))))
            }
            if got == 0 { break }
            total += got
            // All the bytes the stat promised, and the byte to spare left unfilled: the file
            // held its size, so no read that returns nothing is needed. A file that grows
            // meanwhile is caught by the stat after the read.
            if total == expected { break }
        }
        guard total <= maxBytes else { return .rejected(.tooLarge(size: total, limit: maxBytes)) }
        let before = EntryStamp(info)
        guard fstat(fd, &info) == 0 else { return .rejected(.unreadable(String(cString: strerror(errno)))) }
        let after = EntryStamp(info)
        if after != before || total != before.size { return .changedWhileReading(after) }
        bytes.removeLast(bytes.count - total)
        return .file(
            bytes: bytes,
            facts: FileFacts(
                name: file.name.description, modified: EntryStamp(info).modified,
                undecodableNameHex: file.name.isValidUTF8 ? nil : file.name.hex))
    }

    static func rejection(for info: stat, maxBytes: Int) -> RejectionError? {
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: return .symlink
        case S_IFDIR: return .notRegularFile("directory")
        case S_IFIFO: return .notRegularFile("FIFO")
        case S_IFSOCK: return .notRegularFile("socket")
        case S_IFCHR: return .notRegularFile("character device")
        case S_IFBLK: return .notRegularFile("block device")
        default: return .notRegularFile("special file")
        }
        if info.st_nlink > 1 { return .hardLink(count: Int(info.st_nlink)) }
        if Int(info.st_size) > maxBytes { return .tooLarge(size: Int(info.st_size), limit: maxBytes) }
        return nil
    }
}
