public import Foundation
import Glibc
import NewsdropCore
public import NewsdropIO

/// The spool folder: `inbox/` where files arrive, `work/` where a file is claimed before it is
/// read, `done/` and `failed/` where they leave to.
///
/// All file operations go through descriptors of these folders (`openat`, `renameat`), so a
/// renamed or replaced path cannot redirect them. Producers write only to `inbox/`: a file in
/// `work/` is out of their reach, so the file that is read is the file that is retired.
public final class Inbox: Sendable {
    public let spool: String
    public var inboxPath: String { spool + "/inbox" }
    public var donePath: String { spool + "/done" }
    public var failedPath: String { spool + "/failed" }
    public var workPath: String { spool + "/work" }
    let inboxFD: Int32
    let doneFD: Int32
    let failedFD: Int32
    let workFD: Int32

    /// Creates the four folders when missing and opens them.
    public init(spool: String) throws(SystemError) {
        self.spool = spool
        var opened: [Int32] = []
        for folder in ["inbox", "done", "failed", "work"] {
            let path = spool + "/" + folder
            do throws(SystemError) {
                try FileIO.makeDirectories(path)
            } catch {
                for fd in opened { close(fd) }
                throw error
            }
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else {
                let error = SystemError.current("open", path: path)
                for fd in opened { close(fd) }
                throw error
            }
            opened.append(fd)
        }
        inboxFD = opened[0]
        doneFD = opened[1]
        failedFD = opened[2]
        workFD = opened[3]
    }

    deinit {
        close(inboxFD)
        close(doneFD)
        close(failedFD)
        close(workFD)
    }

    /// The names in the inbox now, ignored names left out, in name order.
    public func scan() throws(SystemError) -> [EntryName] {
        try Self.entries(of: inboxPath).filter { !$0.isIgnored }.sorted()
    }

    /// Every entry of the folder at `path` but `.` and `..`, in directory order.
    static func entries(of path: String) throws(SystemError) -> [EntryName] {
        guard let directory = opendir(path) else { throw .current("opendir", path: path) }
        defer { closedir(directory) }
        var names: [EntryName] = []
        // The name is read in place up to its NUL: `entry.pointee.d_name` would copy the whole
        // 256-byte array, and a short entry at the end of readdir's buffer ends before that.
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while let entry = readdir(directory) {
            let start = UnsafeRawPointer(entry) + nameOffset
            let name = EntryName(bytes: UnsafeRawBufferPointer(start: start, count: strlen(start.assumingMemoryBound(to: CChar.self))))
            if name.bytes != [UInt8(ascii: ".")], name.bytes != [UInt8(ascii: "."), UInt8(ascii: ".")] { names.append(name) }
        }
        return names
    }

    /// Size and modification time of an inbox entry, without following links; `nil` when gone.
    public func quickStat(_ name: EntryName) -> EntryStamp? {
        var info = stat()
        guard name.withCString({ fstatat(inboxFD, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else { return nil }
        return EntryStamp(info)
    }

    /// How an entry created in place is taken, since no close-after-write or rename event will
    /// follow for most of them: anything but a regular file at once; a regular file with more
    /// than one link once it has settled (a producer that links a file in and then unlinks its
    /// own name leaves one link, and is ingested); `nil` for a regular file of one link, which is
    /// taken when it is closed.
    public func entryCreated(_ name: EntryName) -> CandidateQueue.Entry? {
        var info = stat()
        guard name.withCString({ fstatat(inboxFD, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else { return nil }
        if info.st_mode & S_IFMT != S_IFREG { return .ready }
        return info.st_nlink > 1 ? .settle(EntryStamp(info)) : nil
    }
}

/// What changes when a file is written: its size and modification time.
public struct EntryStamp: Sendable, Equatable {
    public var size: Int
    public var modifiedNanoseconds: Int64

    public init(size: Int, modifiedNanoseconds: Int64) {
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
    }

    init(_ info: stat) {
        size = Int(info.st_size)
        modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }

    public var modified: Date {
        Date(timeIntervalSince1970: Double(modifiedNanoseconds) / 1e9)
    }
}
