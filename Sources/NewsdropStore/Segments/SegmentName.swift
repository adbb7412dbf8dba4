/// The name of a rotated segment, and the order segments were made in.
///
/// A segment is `STEM-<UTC time of rotation>-<sequence>.jsonl`, and `.jsonl.gz` once compressed:
/// `archive-20261201T030512Z-000042.jsonl`. The sequence is one more than the newest segment's, so
/// names are unique however many rotations share a second, and the order is the sequence's, not
/// the clock's. Segments named before sequences were added (`archive-20261201T030512Z.jsonl`)
/// stay readable and come before every numbered one, in name order.
public struct SegmentName: Sendable, Hashable, Comparable {
    /// The file name without `.gz`.
    public let base: String
    /// The rotation's UTC time as written in the name: `20261201T030512Z`.
    public let stamp: String
    /// The rotation's number; `nil` for a segment named before sequences were added.
    public let sequence: Int?

    /// Parses `fileName` (no folder) as a segment of the archive whose file name is `stem.jsonl`.
    public init?(fileName: String, stem: String) {
        let prefix = stem + "-"
        guard fileName.hasPrefix(prefix) else { return nil }
        var base = Substring(fileName)
        if base.hasSuffix(".gz") { base = base.dropLast(3) }
        guard base.hasSuffix(".jsonl") else { return nil }
        let rest = base.dropFirst(prefix.count).dropLast(6)
        let stamp = rest.prefix(16)
        guard Self.isStamp(stamp) else { return nil }
        let tail = rest.dropFirst(16)
        if tail.isEmpty {
            sequence = nil
        } else {
            let digits = tail.dropFirst()
            guard tail.first == "-", (6...18).contains(digits.count), digits.utf8.allSatisfy({ (48...57).contains($0) }),
                let number = Int(digits)
            else { return nil }
            sequence = number
        }
        self.base = String(base)
        self.stamp = String(stamp)
    }

    /// The name of the segment numbered `sequence`, rotated at the UTC time `stamp`.
    public init(stem: String, stamp: String, sequence: Int) {
        let digits = String(sequence)
        let padded = String(repeating: "0", count: max(0, 6 - digits.count)) + digits
        self.base = "\(stem)-\(stamp)-\(padded).jsonl"
        self.stamp = stamp
        self.sequence = sequence
    }

    /// `20261201T030512Z`: eight digits, `T`, six digits, `Z`.
    private static func isStamp(_ text: Substring) -> Bool {
        let chars = Array(text.utf8)
        guard chars.count == 16, chars[8] == UInt8(ascii: "T"), chars[15] == UInt8(ascii: "Z") else { return false }
        return (chars[0..<8] + chars[9..<15]).allSatisfy { (48...57).contains($0) }
    }

    public static func < (lhs: SegmentName, rhs: SegmentName) -> Bool {
        switch (lhs.sequence, rhs.sequence) {
        case (let left?, let right?): left != right ? left < right : lhs.base < rhs.base
        case (nil, .some): true
        case (.some, nil): false
        case (nil, nil): lhs.base < rhs.base
        }
    }
}
