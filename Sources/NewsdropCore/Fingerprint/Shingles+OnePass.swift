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
        let basis: UInt64 = 0xCBF2_9CE4_8422_2325, prime: UInt64 = 0x0000_0100_0000_01B3
        var words = 0
        var hashes = DistinctHashes(expected: utf8.count / 6)
        ScalarClasses.table.withUnsafeBufferPointer { table in
            // s0, s1 and s2 hash the shingles that start at the words numbered 0, 1 and 2 modulo 3.
            var s0 = basis, s1 = basis, s2 = basis
            var inWord = false, previousIsDigit = false
            var index = 0
            while index <= utf8.count {
                // A run of letters and digits, the bulk of any text, in a tight loop.
                var runBits: UInt8 = 0
                while index < utf8.count {
                    let byte = utf8[index]
                    if byte &- 0x61 < 26 {
                        // a to z, most of the bytes of Latin-script canonical text (capitals are
                        // folded already), without the table.
                        let value = UInt64(byte)
                        s0 = (s0 ^ value) &* prime
                        s1 = (s1 ^ value) &* prime
                        s2 = (s2 ^ value) &* prime
                        runBits = ScalarClasses.word
                        index += 1
                        continue
                    }
                    if (byte == 0xD0 || byte == 0xD1) && index + 1 < utf8.count {
                        // U+0400 to U+047F: Cyrillic letters, every one of them.
                        let first = UInt64(byte), second = UInt64(utf8[index + 1])
                        s0 = (((s0 ^ first) &* prime) ^ second) &* prime
                        s1 = (((s1 ^ first) &* prime) ^ second) &* prime
                        s2 = (((s2 ^ first) &* prime) ^ second) &* prime
                        runBits = ScalarClasses.word
                        index += 2
                        continue
                    }
                    let (bits, length) = ScalarClasses.bits(at: index, of: utf8, in: table)
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
                // Not a letter or digit (or the end): a `.` or `,` joining a number's digits stays
                // in the word; anything else ends it.
                let (_, next, joinsNumber) = step(utf8, at: index, table, inWord: inWord, previousIsDigit: previousIsDigit)
                if joinsNumber {
                    let value = UInt64(utf8[index])
                    s0 = (s0 ^ value) &* prime
                    s1 = (s1 ^ value) &* prime
                    s2 = (s2 ^ value) &* prime
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
                previousIsDigit = false
                index = next
            }
        }
        // Fewer words than a shingle: one hash of the words without a trailing space.
        if words < width { return distinctHashes(self.words(of: String(decoding: utf8, as: UTF8.self), collectingNumbers: false)) }
        return hashes.inOrder
    }
}
