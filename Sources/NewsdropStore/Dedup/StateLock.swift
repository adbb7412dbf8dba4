public import NewsdropIO

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive lock on a state folder, held by `newsdrop run` for its lifetime so that a second
/// daemon or a `reindex` cannot change the state under it. Released when the process exits.
public final class StateLock: Sendable {
    public static let fileName = "lock"
    private let fd: Int32

    /// Takes the lock, or returns `nil` when another process holds it.
    public init?(stateDirectory: String) throws(SystemError) {
        try FileIO.makeDirectories(stateDirectory)
        let path = stateDirectory + "/" + Self.fileName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .current("open", path: path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let error = SystemError.current("flock", path: path)
            close(fd)
            if busy { return nil }
            throw error
        }
        self.fd = fd
    }

    deinit {
        close(fd)
    }
}
