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
        var words: [String.UnicodeScalarView.SubSequence] = []
        var numbers: Set<String> = []
        let scalars = canonicalText.unicodeScalars
        var start: String.Index?
        var hasDigit = false
        var index = scalars.startIndex
        var previous: Unicode.Scalar?
        func endWord(at end: String.Index) {
            guard let wordStart = start else { return }
            let word = scalars[wordStart..<end]
            words.append(word)
            if hasDigit {
                var digits = String.UnicodeScalarView()
                digits.append(contentsOf: word.filter(\.isDigitLike))
                numbers.insert(String(digits))
            }
            start = nil
            hasDigit = false
        }
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            let joinsNumber = (scalar == "." || scalar == ",") && start != nil && (previous?.isDigitLike ?? false)
                && next < scalars.endIndex && scalars[next].isDigitLike
            if scalar.isWordCharacter || joinsNumber {
                if start == nil { start = index }
                if scalar.isDigitLike { hasDigit = true }
            } else {
                endWord(at: index)
            }
            previous = scalar
            index = next
        }
        endWord(at: scalars.endIndex)
        wordCount = words.count
        self.numbers = numbers
        // Every word followed by one space, in one buffer: a shingle is then the contiguous run
        // from its first word's start to the start of the word after it, hashed without copying.
        var flat: [UInt8] = []
        flat.reserveCapacity(canonicalText.utf8.count + words.count)
        var starts: [Int] = []
        starts.reserveCapacity(words.count + 1)
        for word in words {
            starts.append(flat.count)
            for scalar in word { flat.append(contentsOf: UTF8.encode(scalar)!) }
            flat.append(0x20)
        }
        starts.append(flat.count)
        var hashes = Set<UInt64>()
        if words.count >= Self.width {
            hashes.reserveCapacity(words.count)
            flat.withUnsafeBufferPointer { buffer in
                for offset in 0...(words.count - Self.width) {
                    hashes.insert(StableHash.hash64(buffer[starts[offset]..<starts[offset + Self.width]]))
                }
            }
        } else if !words.isEmpty {
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
