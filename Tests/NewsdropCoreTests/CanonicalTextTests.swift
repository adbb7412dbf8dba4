import Foundation
import NewsdropTestSupport
import Testing

@testable import NewsdropCore

@Suite("Canonical text and article ids")
struct CanonicalTextTests {
    @Test("case, typographic quotes and dashes, compatibility forms and whitespace fold away")
    func folding() {
        #expect(CanonicalText.canonicalize("  “Hello”\u{00A0}World —  it’s ﬁne\t\n") == "\"hello\" world - it's fine")
        #expect(CanonicalText.canonicalize("STRASSE") == CanonicalText.canonicalize("straße"))
        #expect(CanonicalText.canonicalize("Ｆｕｌｌ width") == "full width")
        #expect(CanonicalText.canonicalize("soft\u{00AD}hyphen zero\u{200B}width") == "softhyphen zerowidth")
        #expect(CanonicalText.canonicalize("Київ — СТОЛИЦЯ") == "київ - столиця")
    }

    @Test("the same article gets the same id whatever its line endings, quotes and spacing")
    func variantsShareTheId() throws {
        let parser = ArticleParser()
        let facts = FileFacts(name: "a", modified: Date(timeIntervalSince1970: 0))
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let original = "date 2025-01-01 “Quoted” words — and more.\n\nSecond  paragraph here.\n"
        let variants = [
            original.replacingOccurrences(of: "\n", with: "\r\n"),
            "date 2025-01-01 \"Quoted\" words - and more.\n\n\nSecond paragraph   here.",
            "   date 2025-02-02 “quoted” WORDS — and more.\n\nSecond paragraph here.\n",
        ]
        let id = try parser.parse(Array(original.utf8), file: facts, now: now).id
        for variant in variants {
            #expect(try parser.parse(Array(variant.utf8), file: facts, now: now).id == id)
        }
        let different = try parser.parse(Array("date 2025-01-01 Other words.\n".utf8), file: facts, now: now).id
        #expect(different != id)
    }

    @Test("ids are 32 lowercase hex digits, stable across runs, and round-trip")
    func idForm() throws {
        let id = ArticleID(canonicalText: "hello world")
        // SHA-256("hello world") begins b94d27b9934d3e08a52e52d7da7dabfa.
        #expect(id.description == "b94d27b9934d3e08a52e52d7da7dabfa")
        #expect(ArticleID(hex: id.description) == id)
        #expect(ArticleID(hex: "B94D27B9934D3E08A52E52D7DA7DABFA") == id)
        #expect(ArticleID(hex: "xyz") == nil)
    }

    @Test("the seed article's id is fixed")
    func seedID() throws {
        let record = try ArticleParser().parse(
            try TestPaths.corpusBytes("seed/2025-09-04-security-guarantees.txt"),
            file: FileFacts(name: "seed", modified: Date(timeIntervalSince1970: 0)),
            now: Date(timeIntervalSince1970: 1_790_000_000))
        #expect(record.id.description == "eefd2c3933cf098499fd77067a65dadb")
    }
}

@Suite("Canonical text: the common-character fast path")
struct CanonicalFastPathTests {
    @Test("takes the dashes, spaces and compatibility forms news text carries, exactly as the full path does")
    func compatibilityForms() {
        let text = "Наказ № 12‒3 від 5 ³/₄ ‐ ‑ ― − 1º 2ª x² y¹ 6′\u{2009}thin\u{202F}narrow\u{2003}em\u{205F}math \u{FFFD} end"
        for variant in [text.replacingOccurrences(of: "₄", with: "4"), text.replacingOccurrences(of: "₄", with: "4").uppercased()] {
            #expect(CanonicalText.commonCanonical(variant) != nil)
            #expect(CanonicalText.commonCanonical(variant) == CanonicalText.fullCanonical(variant))
        }
    }

    @Test("folds every Cyrillic letter from U+0400 to U+045F and U+0490/U+0491 exactly as the full path does")
    func cyrillicLetters() {
        let letters = String(String.UnicodeScalarView((0x0400...0x045F).compactMap(Unicode.Scalar.init) + ["\u{0490}", "\u{0491}"]))
        #expect(CanonicalText.commonCanonical(letters) != nil)
        #expect(CanonicalText.commonCanonical(letters) == CanonicalText.fullCanonical(letters))
        // The historic letters after U+045F are left to the full path.
        #expect(CanonicalText.commonCanonical("київ \u{0460}") == nil)
        #expect(CanonicalText.canonicalize("Київ \u{0460}") == CanonicalText.fullCanonical("Київ \u{0460}"))
    }

    @Test(
        "the identity text is the canonical form of title and blocks joined by line breaks",
        arguments: [
            ["Title", "First block.", "Second  block "],
            [" Lead space", "", "\tTabbed\n", "Остання"],
            ["Straße", "needs the full path"],
        ])
    func identityJoinsParts(parts: [String]) {
        let blocks = parts.dropFirst().map { TextBlock(.paragraph, $0) }
        #expect(CanonicalText.identityText(title: parts[0], blocks: blocks) == CanonicalText.canonicalize(parts.joined(separator: "\n")))
        #expect(
            CanonicalText.identityText(title: nil, blocks: blocks) == CanonicalText.canonicalize(parts.dropFirst().joined(separator: "\n")))
    }

    @Test("eight ASCII bytes at a time give exactly the full canonical form, wherever spaces, capitals and controls fall")
    func eightByteRuns() {
        // Few letters and many separators, so that every arrangement within eight bytes occurs.
        let alphabet = Array("aZ@[`{ \t\n\r\u{7F}'.9ü".unicodeScalars)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...40, using: &generator)
            let text = String(String.UnicodeScalarView((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
            #expect(CanonicalText.commonCanonical(text) == CanonicalText.fullCanonical(text), "\(text.debugDescription)")
        }
    }

    @Test("folds eight plain ASCII bytes at once and leaves the rest to the byte path")
    func eightByteWord() {
        func word(_ text: String) -> UInt64 { Array(text.utf8).withUnsafeBufferPointer { ByteWord.load($0, at: 0) } }
        func text(_ word: UInt64) -> String { withUnsafeBytes(of: word) { String(decoding: $0, as: UTF8.self) } }
        #expect(CanonicalText.foldedASCII(word("Ab CdZ@["), mayStartWithSpace: false).map(text) == "ab cdz@[")
        #expect(CanonicalText.foldedASCII(word(" b cd e!"), mayStartWithSpace: true).map(text) == " b cd e!")
        for refused in [" b cd e!", "ab  cd e", "abcdefg ", "ab\tcdefg", "ab`cdefg", "abcdéf"] {
            #expect(CanonicalText.foldedASCII(word(refused + "xxxxxxxx"), mayStartWithSpace: false) == nil, "\(refused)")
        }
    }

    @Test("gives exactly the full canonical form on every BBC and Ukrainian corpus file")
    func agreesWithFullPath() throws {
        var checked = 0
        var fast = 0
        for folder in ["bbc/business", "bbc/tech", "bbc/sport", "uk-press"] {
            for file in try TestPaths.corpusFiles(in: folder, limit: 120) {
                let text = try TextDecoding.decode(try TestPaths.corpusBytes(file)).text
                let variants = [text, text.uppercased(), text.replacingOccurrences(of: "'", with: "’") + " «Ç» … É"]
                for variant in variants {
                    #expect(CanonicalText.canonicalize(variant) == CanonicalText.fullCanonical(variant))
                    if CanonicalText.commonCanonical(variant) != nil { fast += 1 }
                    checked += 1
                }
            }
        }
        #expect(checked > 1_000)
        #expect(fast > checked / 3, "the fast path should serve most English text")
    }
}
