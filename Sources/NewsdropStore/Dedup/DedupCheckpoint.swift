import Glibc
import NewsdropCore
public import NewsdropIO

/// The dedup state on disk: every known id, the near-duplicate fingerprints, and how far into
/// which archive file it is complete.
///
/// Written atomically (temporary file, fsync, rename), so a crash leaves the previous checkpoint.
/// A checkpoint only ever lags the archive; start-up reads the archive from `coveredLength` on.
public struct DedupCheckpoint: Sendable, Equatable {
    static let magic = Array("NDDEDUP2".utf8)
    static let headerSize = 48
    static let nearEntrySize = 16

    /// A fingerprinted article: enough to find it as a candidate and re-read it to verify.
    public struct NearEntry: Sendable, Equatable {
        public var simhash: UInt64
        /// Where its record starts in the archive file of the checkpoint.
        public var offset: UInt64

        public init(simhash: UInt64, offset: UInt64) {
            self.simhash = simhash
            self.offset = offset
        }
    }

    public var archive: FileIdentity
    public var coveredLength: UInt64
    public var ids: [UInt128]
    public var near: [NearEntry]

    public init(archive: FileIdentity, coveredLength: UInt64, ids: [UInt128], near: [NearEntry] = []) {
        self.archive = archive
        self.coveredLength = coveredLength
        self.ids = ids
        self.near = near
    }

    public func encoded() -> [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(Self.headerSize + ids.count * 16 + near.count * Self.nearEntrySize)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        for field in [archive.device, archive.inode, coveredLength, UInt64(ids.count), UInt64(near.count)] { append(field) }
        for id in ids { append(id) }
        for entry in near {
            append(entry.simhash)
            append(entry.offset)
        }
        return bytes
    }

    /// Decodes a checkpoint; `nil` when the bytes are not a complete one.
    public init?(decoding bytes: [UInt8]) {
        guard bytes.count >= Self.headerSize, Array(bytes[0..<8]) == Self.magic else { return nil }
        func load<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
            bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
        }
        let idCount = Int(load(UInt64.self, at: 32))
        let nearCount = Int(load(UInt64.self, at: 40))
        guard idCount < 1 << 40, nearCount < 1 << 40,
            bytes.count == Self.headerSize + idCount * 16 + nearCount * Self.nearEntrySize
        else { return nil }
        archive = FileIdentity(device: load(UInt64.self, at: 8), inode: load(UInt64.self, at: 16))
        coveredLength = load(UInt64.self, at: 24)
        ids = (0..<idCount).map { load(UInt128.self, at: Self.headerSize + $0 * 16) }
        let nearStart = Self.headerSize + idCount * 16
        near = (0..<nearCount).map { index in
            let base = nearStart + index * Self.nearEntrySize
            return NearEntry(simhash: load(UInt64.self, at: base), offset: load(UInt64.self, at: base + 8))
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
