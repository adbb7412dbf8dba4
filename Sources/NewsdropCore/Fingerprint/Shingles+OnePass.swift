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
        return text.withUTF8 { distinctHashesInOnePass(canonicalBytes: $0) }
    }

    /// ``distinctHashesInOnePass(canonicalText:)`` of the canonical text's UTF-8 bytes.
    static func distinctHashesInOnePass(canonicalBytes utf8: UnsafeBufferPointer<UInt8>) -> [UInt64] {
        onePass(canonicalBytes: utf8, collectingNumbers: false).hashes
    }

    /// What one pass over canonical text gives: the distinct shingle hashes, the number of words
    /// and, when asked for, the numbers (as ``words(of:collectingNumbers:)`` collects them).
    struct OnePass {
        var hashes: [UInt64]
        var wordCount: Int
        var numbers: Set<String>
    }

    /// Hashes the shingles of canonical text in one pass (above); the ingest path leaves the
    /// numbers out, verification collects them.
    @inline(__always)
    static func onePass(canonicalBytes utf8: UnsafeBufferPointer<UInt8>, collectingNumbers: Bool) -> OnePass {
        var words = 0
        // A word of canonical text takes five to six bytes with its space in English, more in
        // Cyrillic script: a quarter of the bytes leaves room for every shingle, so that the set
        // and its list never grow.
        var hashes = DistinctHashes(expected: utf8.count / 4)
        var numbers: Set<String> = []
        var digits: [UInt8] = []
        ScalarClasses.table.withUnsafeBufferPointer { table in
            var open = OpenShingles()
            var inWord = false
            var previousIsDigit = false
            var index = 0
            while index <= utf8.count {
                // A run of letters and digits, the bulk of any text, in a tight loop.
                var runBits: UInt8 = 0
                while index < utf8.count {
                    let byte = utf8[index]
                    if byte &- 0x61 < 26 {
                        // a to z, most of the bytes of Latin-script canonical text (capitals are
                        // folded already), without the table.
                        open.add(byte)
                        runBits = ScalarClasses.word
                        index += 1
                        continue
                    }
                    if (byte == 0xD0 || byte == 0xD1) && index + 1 < utf8.count {
                        // U+0400 to U+047F: Cyrillic letters, every one of them.
                        open.add(byte)
                        open.add(utf8[index + 1])
                        runBits = ScalarClasses.word
                        index += 2
                        continue
                    }
                    let (bits, length) = ScalarClasses.bits(at: index, of: utf8, in: table)
                    guard bits & ScalarClasses.word != 0 else { break }
                    for byteIndex in index..<(index + length) { open.add(utf8[byteIndex]) }
                    if collectingNumbers, bits & ScalarClasses.digit != 0 {
                        digits.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[index..<(index + length)]))
                    }
                    runBits = bits
                    index += length
                }
                if runBits != 0 {
                    inWord = true
                    previousIsDigit = runBits & ScalarClasses.digit != 0
                    continue
                }
                // Not a letter or digit (or the end): a `.` or `,` joining a number's digits stays
                // in the word; anything else ends it.
                let (_, next, joinsNumber) = step(utf8, at: index, table, inWord: inWord, previousIsDigit: previousIsDigit)
                if joinsNumber {
                    open.add(utf8[index])
                } else if inWord {
                    inWord = false
                    open.add(0x20)
                    words += 1
                    if collectingNumbers, !digits.isEmpty {
                        numbers.insert(String(decoding: digits, as: UTF8.self))
                        digits.removeAll(keepingCapacity: true)
                    }
                    // The shingle that started two words ago is complete; its state starts the
                    // shingle of the next word.
                    if words >= width {
                        hashes.insert(open.finish(words % 3))
                    } else {
                        // Before the third word, the states of the shingles that start at the
                        // next words start over.
                        for state in words..<3 { open.restart(state) }
                    }
                }
                previousIsDigit = false
                index = next
            }
        }
        // Fewer words than a shingle: one hash of the words without a trailing space.
        if words < width {
            let copied = self.words(of: String(decoding: utf8, as: UTF8.self), collectingNumbers: collectingNumbers)
            return OnePass(hashes: distinctHashes(copied), wordCount: copied.count, numbers: copied.numbers)
        }
        return OnePass(hashes: hashes.inOrder, wordCount: words, numbers: numbers)
    }
}

/// The FNV-1a states of the three shingles still open while the text is read: the shingles that
/// start at the words numbered 0, 1 and 2 modulo 3.
private struct OpenShingles {
    private static let basis: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3
    private var s0 = basis, s1 = basis, s2 = basis

    /// Hashes one more byte into all three shingles.
    @inline(__always)
    mutating func add(_ byte: UInt8) {
        let value = UInt64(byte)
        s0 = (s0 ^ value) &* Self.prime
        s1 = (s1 ^ value) &* Self.prime
        s2 = (s2 ^ value) &* Self.prime
    }

    /// The hash of the complete shingle held in `state`, which then starts the next shingle.
    @inline(__always)
    mutating func finish(_ state: Int) -> UInt64 {
        let hash: UInt64
        switch state {
        case 0: hash = StableHash.mix(s0)
        case 1: hash = StableHash.mix(s1)
        default: hash = StableHash.mix(s2)
        }
        restart(state)
        return hash
    }

    @inline(__always)
    mutating func restart(_ state: Int) {
        switch state {
        case 0: s0 = Self.basis
        case 1: s1 = Self.basis
        default: s2 = Self.basis
        }
    }
}
