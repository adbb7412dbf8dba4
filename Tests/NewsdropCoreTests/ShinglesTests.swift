import Foundation
@testable import NewsdropCore
import NewsdropTestSupport
import Testing

@Suite("Shingles hashed in one pass")
struct ShinglesTests {
    static let edgeCases = [
        "", "one", "one two", "one two three", "one two three four", "a b a b a b a b",
        "prices rose 1,250.5 percent in 2025, then 3.2 — to €4,000", "ends with a number 42",
        "новий міст відкрито у києві сьогодні", "x y z x y z x y z x y z", "1. 2, 3.4,5 6,,7 8..9",
        "ѣ ѳ ѵ ѡ ѿ їжак ґанок ўсё", "a-b c_d e'f `g` zz{a}~ аб\u{0482}вг\u{0483}д",
    ]

    @Test("give the same hashes, in the same order, as shingling the copied words", arguments: edgeCases)
    func edgeCase(text: String) {
        let canonical = CanonicalText.canonicalize(text)
        #expect(Shingles.distinctHashesInOnePass(canonicalText: canonical)
            == Shingles.distinctHashes(Shingles.words(of: canonical, collectingNumbers: false)))
    }

    @Test("give the same hashes as shingling the copied words on every BBC and Ukrainian corpus text")
    func corpus() throws {
        var differing = 0
        for text in try LanguageSampleTests.corpusTexts() {
            let canonical = CanonicalText.canonicalize(text)
            let expected = Shingles(canonicalText: canonical)
            if Shingles.distinctHashesInOnePass(canonicalText: canonical) != expected.hashes
                || Shingles.simHash(canonicalText: canonical) != expected.simHash { differing += 1 }
        }
        #expect(differing == 0)
    }

    @Test("every character whose UTF-8 starts with D0 or D1 (U+0400 to U+047F) is a letter")
    func cyrillicLeadBytes() {
        for value in UInt32(0x0400)...0x047F {
            #expect(Unicode.Scalar(value)!.isWordCharacter, "U+\(String(value, radix: 16))")
        }
    }

    @Test("keep every distinct hash once when the table has to grow")
    func growing() {
        var hashes = DistinctHashes(expected: 1)
        let values: [UInt64] = (1...1_000).map { StableHash.mix($0) }
        for value in values + values.reversed() + [0, 0] { hashes.insert(value) }
        #expect(hashes.inOrder == values + [0])
    }
}
