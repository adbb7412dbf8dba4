import Foundation
import NewsdropTestSupport
import Testing

@testable import NewsdropCore

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
        #expect(
            Shingles.distinctHashesInOnePass(canonicalText: canonical)
                == Shingles.distinctHashes(Shingles.words(of: canonical, collectingNumbers: false)))
    }

    /// Hashes, word count and numbers the way the copied words give them.
    static func reference(_ canonical: String) -> (hashes: [UInt64], wordCount: Int, numbers: Set<String>) {
        let words = Shingles.words(of: canonical, collectingNumbers: true)
        return (Shingles.distinctHashes(words), words.count, words.numbers)
    }

    @Test(
        "give the same hashes, word count and numbers as the copied words",
        arguments: edgeCases + [
            "covid19 cases 1.5 and 2,000 and ٣٤ and 7. end", "12 34", "1", "a 1,2 b", "x 3.14. y 5,, z",
        ])
    func shinglesEdgeCase(text: String) {
        let canonical = CanonicalText.canonicalize(text)
        let shingles = Shingles(canonicalText: canonical)
        let expected = Self.reference(canonical)
        #expect(shingles.hashes == expected.hashes)
        #expect(shingles.wordCount == expected.wordCount)
        #expect(shingles.numbers == expected.numbers)
    }

    @Test("give the same hashes, word count and numbers as shingling the copied words on every BBC and Ukrainian corpus text")
    func corpus() throws {
        var differing = 0
        var withNumbers = 0
        for text in try LanguageSampleTests.corpusTexts() {
            let canonical = CanonicalText.canonicalize(text)
            let expected = Self.reference(canonical)
            let shingles = Shingles(canonicalText: canonical)
            if Shingles.distinctHashesInOnePass(canonicalText: canonical) != expected.hashes
                || shingles.hashes != expected.hashes || shingles.wordCount != expected.wordCount
                || shingles.numbers != expected.numbers
                || Shingles.simHash(canonicalText: canonical) != Shingles.simHash(of: expected.hashes)
            {
                differing += 1
            }
            if !expected.numbers.isEmpty { withNumbers += 1 }
        }
        #expect(differing == 0)
        #expect(withNumbers > 100)
    }

    @Test("Jaccard similarity agrees with counting the shared hashes of the two sorted sets")
    func jaccard() throws {
        let texts = try LanguageSampleTests.corpusTexts().prefix(60).map { Shingles(canonicalText: CanonicalText.canonicalize($0)) }
        func merged(_ left: [UInt64], _ right: [UInt64]) -> Double {
            let shared = Set(left).intersection(right).count
            return Double(shared) / Double(Set(left).union(right).count)
        }
        for (first, second) in Array(zip(texts, texts.dropFirst())) + Array(zip(texts, texts)) {
            #expect(first.jaccard(second) == merged(first.hashes, second.hashes))
            #expect(second.jaccard(first) == first.jaccard(second))
        }
        let empty = Shingles(canonicalText: "")
        #expect(empty.jaccard(empty) == 1)
        #expect(empty.jaccard(texts[0]) == 0)
        // Overlapping halves: a third of the union is shared.
        let words = (0..<300).map { "w\($0)x" }
        let left = Shingles(canonicalText: words[0..<200].joined(separator: " "))
        let right = Shingles(canonicalText: words[100..<300].joined(separator: " "))
        #expect(abs(left.jaccard(right) - merged(left.hashes, right.hashes)) < 1e-12)
        #expect(left.jaccard(right) > 0.3 && left.jaccard(right) < 0.34)
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
