import NewsdropCore

/// The name of an inbox entry exactly as the file system holds it: any bytes but `/` and NUL.
///
/// Names are kept as bytes so that a name that is not valid UTF-8 can still be opened, moved and
/// reported; ``description`` shows it with U+FFFD for the bytes that are not UTF-8.
public struct EntryName: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: some Sequence<UInt8>) {
        self.bytes = Array(bytes)
    }

    public init(_ name: String) {
        bytes = Array(name.utf8)
    }

    /// Hashes the name's bytes in one call rather than one by one (names key the inbox queue's sets).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// The name for people and records: the UTF-8 text, with U+FFFD for undecodable bytes.
    public var description: String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// False when some byte sequence of the name is not UTF-8.
    public var isValidUTF8: Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// The name in hex, for reporting a name that is not UTF-8 without loss.
    public var hex: String { HexDigits.encode(bytes) }

    /// The name whose bytes `hex` spells out (``hex`` read back); `nil` when it is not even-length hex.
    public init?(hex: some StringProtocol) {
        guard !hex.isEmpty, let bytes = HexDigits.decode(hex.utf8) else { return nil }
        self.bytes = bytes
    }

    /// True for names writers use while a file is still being written: a leading `.`, or an
    /// ending of `.tmp`, `.part` or `~`.
    public var isIgnored: Bool {
        bytes.first == UInt8(ascii: ".") || bytes.last == UInt8(ascii: "~")
            || bytes.ends(with: ".tmp".utf8) || bytes.ends(with: ".part".utf8)
    }

    /// This name with `suffix` appended.
    public func appending(_ suffix: String) -> EntryName {
        EntryName(bytes: bytes + Array(suffix.utf8))
    }

    /// Calls `body` with the name as a NUL-terminated C string, copied on the stack (every
    /// system call on an inbox file names it).
    public func withCString<Result>(_ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
        try withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            bytes.withUnsafeBytes { name in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: name)
            }
            buffer[bytes.count] = 0
            return try body(buffer.baseAddress!)
        }
    }

    public static func < (lhs: EntryName, rhs: EntryName) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: some Collection<UInt8>) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
