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
        // Words are runs of letters and digits; a `.` or `,` between two digits joins a number.
        // The text is walked as UTF-8: ASCII bytes are classified directly, other scalars by their
        // Unicode properties. Every word is copied into `flat` followed by one space, so a shingle
        // is the contiguous run from its first word's start to the start of the word after it.
        var text = canonicalText
        var flat: [UInt8] = []
        var starts: [Int] = []
        var numbers: Set<String> = []
        ScalarClasses.table.withUnsafeBufferPointer { table in text.withUTF8 { utf8 in
            flat.reserveCapacity(utf8.count + 16)
            var wordStart: Int?
            var digits: [UInt8] = []
            var previousIsDigit = false
            var index = 0
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
                let lead = utf8[index]
                let current: Unicode.Scalar, length: Int, bits: UInt8
                if lead < 0x80 {
                    // ASCII, the common case, without decoding or a call.
                    current = Unicode.Scalar(lead)
                    length = 1
                    bits = table[Int(lead)]
                } else {
                    (current, length) = UTF8Scalar.decode(utf8, at: index)
                    bits = ScalarClasses.bits(of: current, in: table)
                }
                let next = index + length
                var joinsNumber = false
                if current == "." || current == ",", wordStart != nil, previousIsDigit, next < utf8.count {
                    joinsNumber = ScalarClasses.bits(of: UTF8Scalar.decode(utf8, at: next).0, in: table) & ScalarClasses.digit != 0
                }
                let isDigit = bits & ScalarClasses.digit != 0
                if bits & ScalarClasses.word != 0 || joinsNumber {
                    if wordStart == nil { wordStart = index }
                    if isDigit { digits.append(contentsOf: utf8[index..<next]) }
                } else {
                    endWord(at: index)
                }
                previousIsDigit = isDigit
                index = next
            }
            endWord(at: utf8.count)
        } }
        let words = starts.count
        wordCount = words
        starts.append(flat.count)
        self.numbers = numbers
        // Duplicates are dropped with a small open-addressing table: the hashes are already
        // uniformly spread, so their low bits index it directly. Cheaper than sorting or a `Set`.
        var hashes: [UInt64] = []
        if words >= Self.width {
            let count = words - Self.width + 1
            hashes.reserveCapacity(count)
            var slots = 16
            while slots < count * 2 { slots <<= 1 }
            var table = [UInt64](repeating: 0, count: slots)
            var sawZero = false
            flat.withUnsafeBufferPointer { buffer in
                for offset in 0..<count {
                    let hash = StableHash.hash64(buffer[starts[offset]..<starts[offset + Self.width]])
                    if hash == 0 {
                        if !sawZero { hashes.append(hash) }
                        sawZero = true
                        continue
                    }
                    var slot = Int(truncatingIfNeeded: hash) & (slots - 1)
                    while table[slot] != 0, table[slot] != hash { slot = (slot + 1) & (slots - 1) }
                    if table[slot] == 0 {
                        table[slot] = hash
                        hashes.append(hash)
                    }
                }
            }
        } else if words > 0 {
            // Fewer words than a shingle: the words joined by single spaces, without a trailing one.
            hashes.append(StableHash.hash64(flat.dropLast()))
        }
        self.hashes = hashes
    }

    /// The Jaccard similarity of the two shingle sets: shared over all.
    public func jaccard(_ other: Shingles) -> Double {
        guard !hashes.isEmpty || !other.hashes.isEmpty else { return 1 }
        let mine = hashes.sorted(), theirs = other.hashes.sorted()
        var shared = 0, left = 0, right = 0
        while left < mine.count, right < theirs.count {
            if mine[left] == theirs[right] {
                shared += 1
                left += 1
                right += 1
            } else if mine[left] < theirs[right] {
                left += 1
            } else {
                right += 1
            }
        }
        return Double(shared) / Double(hashes.count + other.hashes.count - shared)
    }

    /// 64-bit SimHash: each bit is the majority vote of that bit over the shingle hashes.
    ///
    /// Bits are counted eight at a time: lane `j` of counter `k` (one byte each) counts bit
    /// `8j + k`, so a hash costs eight shifts, masks and adds instead of 64 branches. The byte
    /// lanes are emptied into full counters every 255 hashes, before they could overflow.
    public var simHash: UInt64 {
        var ones = [Int](repeating: 0, count: 64)
        var lanes = [UInt64](repeating: 0, count: 8)
        func drain() {
            for k in 0..<8 {
                for j in 0..<8 { ones[8 * j + k] += Int((lanes[k] >> UInt64(8 * j)) & 0xFF) }
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
        for bit in 0..<64 where ones[bit] * 2 > hashes.count {
            result |= 1 << UInt64(bit)
        }
        return result
    }

}
