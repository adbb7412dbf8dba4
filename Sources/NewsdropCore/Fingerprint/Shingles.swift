/// The word 3-shingles of an article's canonical text, hashed: the features both near-duplicate
/// signals (SimHash candidates, Jaccard verification) are computed from.
public struct Shingles: Sendable, Equatable {
    /// Distinct shingle hashes, in the order their shingles first occur.
    public let hashes: [UInt64]
    /// Words in the canonical text.
    public let wordCount: Int
    /// The numbers the text mentions (digit runs, with their decimal and thousands separators
    /// removed), for the numeric guard.
    public let numbers: Set<String>

    public static let width = 3

    /// Shingles of `canonicalText` (see ``CanonicalText``): words are runs of letters and digits.
    public init(canonicalText: String) {
        var text = canonicalText
        let pass = text.withUTF8 { Self.onePass(canonicalBytes: $0, collectingNumbers: true) }
        wordCount = pass.wordCount
        numbers = pass.numbers
        hashes = pass.hashes
    }

    /// The SimHash of `canonicalText`'s shingles, without keeping them or the numbers.
    public static func simHash(canonicalText: String) -> UInt64 {
        simHash(of: distinctHashesInOnePass(canonicalText: canonicalText))
    }

    /// ``simHash(canonicalText:)`` of the canonical text's UTF-8 bytes.
    static func simHash(canonicalBytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        simHash(of: distinctHashesInOnePass(canonicalBytes: canonicalBytes))
    }

    /// The words of a text, copied one after another into `flat`, each followed by one space, so
    /// that a shingle is the contiguous run from its first word's start to the start of the word
    /// after it.
    struct Words {
        var flat: [UInt8] = []
        /// Where each word starts in `flat`, then `flat.count`.
        var starts: [Int] = []
        var numbers: Set<String> = []
        var count: Int { starts.count - 1 }
    }

    /// Words are runs of letters and digits; a `.` or `,` between two digits joins a number. The
    /// text is walked as UTF-8: ASCII bytes are classified directly, other scalars by their
    /// Unicode properties.
    static func words(of text: String, collectingNumbers: Bool) -> Words {
        var text = text
        var words = Words()
        ScalarClasses.table.withUnsafeBufferPointer { table in
            text.withUTF8 { utf8 in
                words.flat.reserveCapacity(utf8.count + 16)
                words.starts.reserveCapacity(utf8.count / 5 + 2)
                var wordStart = -1
                var digits: [UInt8] = []
                var previousIsDigit = false
                var index = 0
                while index <= utf8.count {
                    let (bits, next, joinsNumber) = step(utf8, at: index, table, inWord: wordStart >= 0, previousIsDigit: previousIsDigit)
                    let isDigit = bits & ScalarClasses.digit != 0
                    if bits & ScalarClasses.word != 0 || joinsNumber {
                        if wordStart < 0 { wordStart = index }
                        if isDigit, collectingNumbers { digits.append(contentsOf: utf8[index..<next]) }
                    } else if wordStart >= 0 {
                        // The word ends here.
                        words.starts.append(words.flat.count)
                        words.flat.append(contentsOf: utf8[wordStart..<index])
                        words.flat.append(0x20)
                        if !digits.isEmpty {
                            words.numbers.insert(String(decoding: digits, as: UTF8.self))
                            digits.removeAll(keepingCapacity: true)
                        }
                        wordStart = -1
                    }
                    previousIsDigit = isDigit
                    index = next
                }
            }
        }
        words.starts.append(words.flat.count)
        return words
    }

    /// The class bits of the scalar at `index` (none past the end), where the next one starts, and
    /// whether it is a `.` or `,` that joins the digits of a number in a word.
    @inline(__always)
    static func step(
        _ utf8: UnsafeBufferPointer<UInt8>, at index: Int, _ table: UnsafeBufferPointer<UInt8>, inWord: Bool, previousIsDigit: Bool
    ) -> (bits: UInt8, next: Int, joinsNumber: Bool) {
        guard index < utf8.count else { return (0, index + 1, false) }
        let (bits, length) = ScalarClasses.bits(at: index, of: utf8, in: table)
        let next = index + length
        let lead = utf8[index]
        guard lead == 0x2E || lead == 0x2C, inWord, previousIsDigit, next < utf8.count else { return (bits, next, false) }
        return (bits, next, ScalarClasses.bits(at: next, of: utf8, in: table).bits & ScalarClasses.digit != 0)
    }

    /// The distinct shingle hashes, in first-occurrence order.
    static func distinctHashes(_ words: Words) -> [UInt64] {
        let count = words.count
        guard count >= width else {
            // Fewer words than a shingle: the words joined by single spaces, without a trailing one.
            return count > 0 ? [StableHash.hash64(words.flat.dropLast())] : []
        }
        var hashes = DistinctHashes(expected: count - width + 1)
        words.flat.withUnsafeBufferPointer { flat in
            for offset in 0...(count - width) {
                hashes.insert(StableHash.hash64(UnsafeBufferPointer(rebasing: flat[words.starts[offset]..<words.starts[offset + width]])))
            }
        }
        return hashes.inOrder
    }

    /// The Jaccard similarity of the two shingle sets: shared over all.
    ///
    /// The smaller set goes into a hash table and the larger one is looked up in it, which costs
    /// less than sorting both (the hashes of each set are distinct already).
    public func jaccard(_ other: Shingles) -> Double {
        guard !hashes.isEmpty || !other.hashes.isEmpty else { return 1 }
        let (smaller, larger) = hashes.count <= other.hashes.count ? (hashes, other.hashes) : (other.hashes, hashes)
        var table = DistinctHashes(expected: smaller.count)
        for hash in smaller { table.insert(hash) }
        var shared = 0
        for hash in larger where table.contains(hash) { shared += 1 }
        return Double(shared) / Double(hashes.count + other.hashes.count - shared)
    }

    /// 64-bit SimHash: each bit is the majority vote of that bit over the shingle hashes.
    ///
    /// Bits are counted eight at a time: lane `j` of counter `k` (one byte each) counts bit
    /// `8j + k`, so a hash costs eight shifts, masks and adds instead of 64 branches. The byte
    /// lanes are emptied into full counters every 255 hashes, before they could overflow.
    public var simHash: UInt64 { Self.simHash(of: hashes) }

    static func simHash(of hashes: [UInt64]) -> UInt64 {
        // The counters live on the stack, one allocation-free block: the vote counts of the 64
        // bits, then the eight byte-lane counters.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 72) { counters in
            counters.initialize(repeating: 0)
            let ones = UnsafeMutableBufferPointer(rebasing: counters[0..<64])
            let lanes = UnsafeMutableBufferPointer(rebasing: counters[64..<72])
            func drain() {
                for k in 0..<8 {
                    for j in 0..<8 { ones[8 * j + k] += (lanes[k] >> UInt64(8 * j)) & 0xFF }
                    lanes[k] = 0
                }
            }
            var pending = 0
            for hash in hashes {
                for k in 0..<8 { lanes[k] &+= (hash >> UInt64(k)) & 0x0101_0101_0101_0101 }
                pending += 1
                if pending == 255 {
                    drain()
                    pending = 0
                }
            }
            drain()
            // A bit is set when more hashes have it than lack it (votes of +1 and -1 sum above zero).
            var result: UInt64 = 0
            for bit in 0..<64 where ones[bit] * 2 > UInt64(hashes.count) {
                result |= 1 << UInt64(bit)
            }
            return result
        }
    }

}
