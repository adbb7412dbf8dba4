extension Shingles {
    /// The distinct shingle hashes of `canonicalText`, computed in one pass without copying the
    /// words: equal to ``distinctHashes(_:)`` of ``words(of:collectingNumbers:)``.
    ///
    /// A shingle's hash is FNV-1a over its three words, each followed by a space. Every byte of a
    /// word belongs to three shingles, so three FNV states run side by side, one per shingle still
    /// open; they are independent, so the processor overlaps their multiplications. When a word
    /// ends, the shingle opened two words earlier is complete and its state starts the next one.
    static func distinctHashesInOnePass(canonicalText: String) -> [UInt64] {
        var text = canonicalText
        let basis: UInt64 = 0xCBF2_9CE4_8422_2325, prime: UInt64 = 0x0000_0100_0000_01B3
        var words = 0
        var hashes = DistinctHashes(expected: text.utf8.count / 6)
        var fewWords = false
        ScalarClasses.table.withUnsafeBufferPointer { table in text.withUTF8 { utf8 in
            // s0, s1 and s2 hash the shingles that start at the words numbered 0, 1 and 2 modulo 3.
            var s0 = basis, s1 = basis, s2 = basis
            var inWord = false, previousIsDigit = false
            var index = 0
            while index <= utf8.count {
                // A run of letters and digits in ASCII or two-byte UTF-8 (Latin, Greek, Cyrillic),
                // the bulk of most text, in a tight loop.
                var runBits: UInt8 = 0
                while index < utf8.count {
                    let lead = utf8[index]
                    let length: Int, bits: UInt8
                    if lead < 0x80 {
                        length = 1
                        bits = table[Int(lead)]
                    } else if lead & 0xE0 == 0xC0, index + 1 < utf8.count {
                        length = 2
                        bits = table[Int(UInt32(lead & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F))]
                    } else {
                        break
                    }
                    guard bits & ScalarClasses.word != 0 else { break }
                    for byteIndex in index..<(index + length) {
                        let value = UInt64(utf8[byteIndex])
                        s0 = (s0 ^ value) &* prime
                        s1 = (s1 ^ value) &* prime
                        s2 = (s2 ^ value) &* prime
                    }
                    runBits = bits
                    index += length
                }
                if runBits != 0 {
                    inWord = true
                    previousIsDigit = runBits & ScalarClasses.digit != 0
                    continue
                }
                let (bits, next, joinsNumber) = step(utf8, at: index, table, inWord: inWord, previousIsDigit: previousIsDigit)
                if bits & ScalarClasses.word != 0 || joinsNumber {
                    inWord = true
                    for byteIndex in index..<next {
                        let value = UInt64(utf8[byteIndex])
                        s0 = (s0 ^ value) &* prime
                        s1 = (s1 ^ value) &* prime
                        s2 = (s2 ^ value) &* prime
                    }
                } else if inWord {
                    inWord = false
                    s0 = (s0 ^ 0x20) &* prime
                    s1 = (s1 ^ 0x20) &* prime
                    s2 = (s2 ^ 0x20) &* prime
                    words += 1
                    // The shingle that started two words ago is complete; its state starts the
                    // shingle of the next word.
                    if words >= width {
                        switch words % 3 {
                        case 0: hashes.insert(StableHash.mix(s0)); s0 = basis
                        case 1: hashes.insert(StableHash.mix(s1)); s1 = basis
                        default: hashes.insert(StableHash.mix(s2)); s2 = basis
                        }
                    } else {
                        switch words {
                        case 1: s1 = basis; s2 = basis
                        default: s2 = basis
                        }
                    }
                }
                previousIsDigit = bits & ScalarClasses.digit != 0
                index = next
            }
            fewWords = words < width
        } }
        // Fewer words than a shingle: one hash of the words without a trailing space.
        if fewWords { return distinctHashes(self.words(of: canonicalText, collectingNumbers: false)) }
        return hashes.inOrder
    }
}

/// A set of 64-bit hashes that keeps their first-occurrence order: open addressing on the low
/// bits, which are uniformly spread already. Zero marks a free slot and is tracked on its own.
struct DistinctHashes {
    private var slots: [UInt64]
    private var mask: Int
    private var sawZero = false
    private(set) var inOrder: [UInt64] = []

    init(expected: Int) {
        var size = 16
        while size < expected * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        inOrder.reserveCapacity(expected)
    }

    mutating func insert(_ hash: UInt64) {
        if hash == 0 {
            if !sawZero { inOrder.append(0) }
            sawZero = true
            return
        }
        if inOrder.count * 2 >= slots.count { grow() }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let held = slots[slot]
            if held == hash { return }
            if held == 0 { break }
            slot = (slot + 1) & mask
        }
        slots[slot] = hash
        inOrder.append(hash)
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for hash in inOrder where hash != 0 {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash
        }
    }
}
