/// The word 3-shingles of an article's canonical text, hashed: the features both near-duplicate
/// signals (SimHash candidates, Jaccard verification) are computed from.
public struct Shingles: Sendable, Equatable {
    /// Distinct shingle hashes, sorted.
    public let hashes: [UInt64]
    /// Words in the canonical text.
    public let wordCount: Int
    /// The numbers the text mentions (digit runs, with their decimal and thousands separators
    /// removed), for the numeric guard.
    public let numbers: Set<String>

    public static let width = 3

    /// Shingles of `canonicalText` (see ``CanonicalText``): words are runs of letters and digits.
    public init(canonicalText: String) {
        // Words are runs of letters and digits; a `.` or `,` between two digits joins a number.
        // The text is walked as UTF-8: ASCII bytes are classified directly, other scalars by their
        // Unicode properties. Every word is copied into `flat` followed by one space, so a shingle
        // is the contiguous run from its first word's start to the start of the word after it.
        var text = canonicalText
        var flat: [UInt8] = []
        var starts: [Int] = []
        var numbers: Set<String> = []
        text.withUTF8 { utf8 in
            flat.reserveCapacity(utf8.count + 16)
            var wordStart: Int?
            var digits: [UInt8] = []
            var previousIsDigit = false
            var index = 0
            /// The scalar at `offset` and its length in bytes.
            func scalar(at offset: Int) -> (Unicode.Scalar, Int) {
                let lead = utf8[offset]
                if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for next in 1..<length { value = value << 6 | UInt32(utf8[offset + next] & 0x3F) }
                return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
            }
            func endWord(at end: Int) {
                guard let start = wordStart else { return }
                starts.append(flat.count)
                flat.append(contentsOf: utf8[start..<end])
                flat.append(0x20)
                if !digits.isEmpty {
                    numbers.insert(String(decoding: digits, as: UTF8.self))
                    digits.removeAll(keepingCapacity: true)
                }
                wordStart = nil
            }
            while index < utf8.count {
                let (current, length) = scalar(at: index)
                let next = index + length
                var joinsNumber = false
                if current == "." || current == ",", wordStart != nil, previousIsDigit, next < utf8.count {
                    joinsNumber = scalar(at: next).0.isDigitLike
                }
                let isDigit = current.isDigitLike
                if current.isWordCharacter || joinsNumber {
                    if wordStart == nil { wordStart = index }
                    if isDigit { digits.append(contentsOf: utf8[index..<next]) }
                } else {
                    endWord(at: index)
                }
                previousIsDigit = isDigit
                index = next
            }
            endWord(at: utf8.count)
        }
        let words = starts.count
        wordCount = words
        starts.append(flat.count)
        self.numbers = numbers
        var hashes = Set<UInt64>()
        if words >= Self.width {
            hashes.reserveCapacity(words)
            flat.withUnsafeBufferPointer { buffer in
                for offset in 0...(words - Self.width) {
                    hashes.insert(StableHash.hash64(buffer[starts[offset]..<starts[offset + Self.width]]))
                }
            }
        } else if words > 0 {
            // Fewer words than a shingle: the words joined by single spaces, without a trailing one.
            hashes.insert(StableHash.hash64(flat.dropLast()))
        }
        self.hashes = hashes.sorted()
    }

    /// The Jaccard similarity of the two shingle sets: shared over all.
    public func jaccard(_ other: Shingles) -> Double {
        guard !hashes.isEmpty || !other.hashes.isEmpty else { return 1 }
        var shared = 0, left = 0, right = 0
        while left < hashes.count, right < other.hashes.count {
            if hashes[left] == other.hashes[right] {
                shared += 1
                left += 1
                right += 1
            } else if hashes[left] < other.hashes[right] {
                left += 1
            } else {
                right += 1
            }
        }
        return Double(shared) / Double(hashes.count + other.hashes.count - shared)
    }

    /// 64-bit SimHash: each bit is the majority vote of that bit over the shingle hashes.
    public var simHash: UInt64 {
        var votes = [Int](repeating: 0, count: 64)
        for hash in hashes {
            for bit in 0..<64 {
                votes[bit] += (hash >> UInt64(bit)) & 1 == 1 ? 1 : -1
            }
        }
        var result: UInt64 = 0
        for bit in 0..<64 where votes[bit] > 0 {
            result |= 1 << UInt64(bit)
        }
        return result
    }
}
