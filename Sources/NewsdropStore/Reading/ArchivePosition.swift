import NewsdropCore

/// Where a reader of the archive stands: just past a line of one file, the archive or a segment.
///
/// A file is known by its first line (a hash of it), which it keeps when it is rotated into a
/// segment and when that segment is compressed, so a position survives both. Every record is
/// archived once, so no two files start with the same line.
public struct ArchivePosition: Sendable, Hashable, Codable {
    /// The hash of the file's first line, as ``identity(ofFirstLine:)`` gives it; `nil` for the
    /// start of everything: nothing had been archived when the position was taken.
    public var file: String?
    /// How many bytes of that file have been read: the end of a complete line; `nil` when all of
    /// it has (a rotated segment, which no longer grows).
    public var offset: UInt64?
    /// The id of the record that ends at `offset`, for people reading the position.
    public var record: String?

    public init(file: String?, offset: UInt64?, record: String? = nil) {
        self.file = file
        self.offset = offset
        self.record = record
    }

    /// Before the first record of the oldest segment.
    public static let origin = ArchivePosition(file: nil, offset: 0)

    /// A file's identity: the FNV-1a hash of its first line (without the newline), in hex.
    public static func identity(ofFirstLine line: UnsafeBufferPointer<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in line {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return HexDigits.encode(withUnsafeBytes(of: hash.bigEndian) { Array($0) })
    }
}
