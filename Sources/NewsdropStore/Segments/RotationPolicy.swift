public import Foundation

/// When the archive is rotated into a segment, and what happens to old segments.
public struct RotationPolicy: Sendable, Equatable {
    /// Rotate once the archive holds this many bytes; `nil` for no size limit.
    public var maxBytes: UInt64?
    /// Rotate once the archive's first record is this many seconds old; `nil` for no age limit.
    public var maxAge: Double?
    /// Keep this many rotated segments, deleting older ones; `nil` keeps them all.
    public var keep: Int?
    /// Gzip each rotated segment.
    public var compress: Bool

    public init(maxBytes: UInt64? = nil, maxAge: Double? = nil, keep: Int? = nil, compress: Bool = false) {
        self.maxBytes = maxBytes
        self.maxAge = maxAge
        self.keep = keep
        self.compress = compress
    }

    public var isEnabled: Bool { maxBytes != nil || maxAge != nil }

    /// True when an archive of `length` bytes whose first record was ingested at `startedAt`
    /// should be rotated at `now`. An empty archive is never rotated.
    public func isDue(length: UInt64, startedAt: Date?, now: Date) -> Bool {
        guard length > 0 else { return false }
        if let maxBytes, length >= maxBytes { return true }
        if let maxAge, let startedAt, now.timeIntervalSince(startedAt) >= maxAge { return true }
        return false
    }
}
