import NewsdropCore
public import NewsdropIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The exact-dedup state on disk: every known id and how far into which archive it is complete.
///
/// Written atomically (temporary file, fsync, rename), so a crash leaves the previous checkpoint.
/// A checkpoint only ever lags the archive; start-up reads the archive from `coveredLength` on.
public struct DedupCheckpoint: Sendable, Equatable {
    static let magic = Array("NDEXACT1".utf8)
    static let headerSize = 40

    public var archive: FileIdentity
    public var coveredLength: UInt64
    public var ids: [UInt128]

    public init(archive: FileIdentity, coveredLength: UInt64, ids: [UInt128]) {
        self.archive = archive
        self.coveredLength = coveredLength
        self.ids = ids
    }

    public func encoded() -> [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(Self.headerSize + ids.count * 16)
        for field in [archive.device, archive.inode, coveredLength, UInt64(ids.count)] {
            withUnsafeBytes(of: field.littleEndian) { bytes.append(contentsOf: $0) }
        }
        for id in ids {
            withUnsafeBytes(of: id.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Decodes a checkpoint; `nil` when the bytes are not a complete one.
    public init?(decoding bytes: [UInt8]) {
        guard bytes.count >= Self.headerSize, Array(bytes[0..<8]) == Self.magic else { return nil }
        func field(_ index: Int) -> UInt64 {
            bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8 + index * 8, as: UInt64.self)) }
        }
        let count = Int(field(3))
        guard bytes.count == Self.headerSize + count * 16 else { return nil }
        archive = FileIdentity(device: field(0), inode: field(1))
        coveredLength = field(2)
        ids = bytes.withUnsafeBytes { raw in
            (0..<count).map { UInt128(littleEndian: raw.loadUnaligned(fromByteOffset: Self.headerSize + $0 * 16, as: UInt128.self)) }
        }
    }

    /// Reads the checkpoint at `path`: `nil` when there is none or it is damaged.
    public static func read(from path: String) throws(SystemError) -> DedupCheckpoint? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .current("open", path: path)
        }
        defer { close(fd) }
        let size = try FileIO.size(fd, path: path)
        return DedupCheckpoint(decoding: try FileIO.preadAll(fd, count: Int(size), at: 0, path: path))
    }

    public func write(to path: String) throws(SystemError) {
        try FileIO.writeAtomically(encoded(), to: path)
    }
}
