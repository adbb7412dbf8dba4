import Glibc
import SystemPackage

/// Small, checked wrappers over the POSIX file calls the store needs.
package enum FileIO {
    /// Writes all of `bytes` at the descriptor's position (swift-system retries interrupted and
    /// short writes).
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(SystemError) {
        do {
            _ = try FileDescriptor(rawValue: fd).writeAll(bytes)
        } catch {
            throw SystemError("write", path: path, errno: (error as? Errno)?.rawValue ?? EIO)
        }
    }

    package static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(SystemError) {
        let failure: SystemError? = bytes.withUnsafeBytes { raw in
            do throws(SystemError) {
                try writeAll(fd, raw, path: path)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Reads up to `count` bytes at `offset`; fewer only at the end of the file.
    package static func preadAll(_ fd: Int32, count: Int, at offset: UInt64, path: String) throws(SystemError) -> [UInt8] {
        let descriptor = FileDescriptor(rawValue: fd)
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        do {
            while done < count {
                let got = try buffer.withUnsafeMutableBytes { raw in
                    try descriptor.read(
                        fromAbsoluteOffset: Int64(offset) + Int64(done), into: UnsafeMutableRawBufferPointer(rebasing: raw[done...]))
                }
                if got == 0 { break }
                done += got
            }
        } catch {
            throw SystemError("read", path: path, errno: (error as? Errno)?.rawValue ?? EIO)
        }
        buffer.removeLast(count - done)
        return buffer
    }

    package static func size(_ fd: Int32, path: String) throws(SystemError) -> UInt64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .current("stat", path: path) }
        return UInt64(info.st_size)
    }

    /// Writes `bytes` to `path` atomically (``replaceAtomically(_:durable:_:)``).
    package static func writeAtomically(_ bytes: [UInt8], to path: String, durable: Bool = true) throws(SystemError) {
        try replaceAtomically(path, durable: durable) { (fd, temporary) throws(SystemError) in
            try writeAll(fd, bytes, path: temporary)
        }
    }

    /// Replaces `path` with what `write` writes to the descriptor of a temporary file beside it
    /// (`PATH.tmp`): then fsync, rename over `path`, fsync of the folder. Readers see the old or
    /// the new contents whole. Without `durable` the two fsyncs are left out: a crash of the
    /// process still leaves one or the other whole, but a power cut may bring back older ones.
    package static func replaceAtomically(
        _ path: String, durable: Bool = true, _ write: (_ fd: Int32, _ temporary: String) throws(SystemError) -> Void
    ) throws(SystemError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .current("create", path: temporary) }
        do throws(SystemError) {
            try write(fd, temporary)
            guard !durable || fsync(fd) == 0 else { throw SystemError.current("fsync", path: temporary) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else { throw .current("rename", path: temporary) }
        if durable { try syncDirectory(containing: path) }
    }

    /// Writes `bytes` atomically to the entry `name` (raw bytes) of the open folder `directory`:
    /// a temporary entry, fsync, rename, fsync of the folder. `path` names it in errors.
    package static func writeAtomically(_ bytes: [UInt8], name: [UInt8], in directory: Int32, path: String) throws(SystemError) {
        let temporary = [UInt8(ascii: ".")] + name + Array(".tmp".utf8)
        func cString<R>(_ raw: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
            (raw + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
        }
        let fd = cString(temporary) { openat(directory, $0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644) }
        guard fd >= 0 else { throw .current("create", path: path + ".tmp") }
        do throws(SystemError) {
            try writeAll(fd, bytes, path: path)
            guard fsync(fd) == 0 else { throw SystemError.current("fsync", path: path) }
        } catch {
            close(fd)
            _ = cString(temporary) { unlinkat(directory, $0, 0) }
            throw error
        }
        close(fd)
        let renamed = cString(temporary) { from in cString(name) { to in renameat(directory, from, directory, to) } }
        guard renamed == 0 else { throw .current("rename", path: path) }
        guard fsync(directory) == 0 else { throw .current("fsync", path: path) }
    }

    package static func syncDirectory(containing path: String) throws(SystemError) {
        let directory = parentDirectory(of: path)
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .current("open", path: directory) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .current("fsync", path: directory) }
    }

    package static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Creates `path` and its missing parents, like `mkdir -p`.
    package static func makeDirectories(_ path: String) throws(SystemError) {
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            built += "/" + component
            if mkdir(built, 0o755) != 0, errno != EEXIST {
                throw .current("mkdir", path: built)
            }
        }
    }
}
