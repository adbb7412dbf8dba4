import Glibc

/// A failed system call on a named path, with the `errno` it set.
public struct SystemError: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let errno: Int32

    public init(_ operation: String, path: String, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// Captures the calling thread's current `errno`.
    public static func current(_ operation: String, path: String) -> SystemError {
        SystemError(operation, path: path, errno: Glibc.errno)
    }

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(errno)))"
    }
}
