import Foundation
import NewsdropTestSupport
import Testing

@testable import NewsdropCore

@Suite("Language detection reads a quick sample first")
struct LanguageSampleTests {
    /// Every BBC and Ukrainian press text of the corpus, as the plain-text reader sees it.
    static func corpusTexts() throws -> [String] {
        var texts: [String] = []
        for folder in ["bbc/business", "bbc/entertainment", "bbc/politics", "bbc/sport", "bbc/tech", "uk-press"] {
            for file in try TestPaths.corpusFiles(in: folder) where file.hasSuffix(".txt") {
                texts.append(String(decoding: try TestPaths.corpusBytes(file), as: UTF8.self))
            }
        }
        return texts
    }

    @Test("the quick sample names the same language as the full one on every BBC and Ukrainian corpus text")
    func sameAnswers() throws {
        let texts = try Self.corpusTexts()
        #expect(texts.count > 2_500)
        var differing: [String] = []
        for text in texts {
            let quick = LanguageDetector.detect(title: nil, text: text)
            let full = LanguageDetector.detect(title: nil, text: text, quickSample: false)
            // A sure quick answer may stand where the full sample is less sure of the same language.
            if quick.code != full.code { differing.append(String(text.prefix(60))) }
        }
        #expect(differing.isEmpty, "\(differing.count) texts differ, e.g. \(differing.prefix(3))")
    }

    @Test("a quick sample CLD2 is unsure of is decided by the full sample")
    func unsureQuickSample() {
        // Four languages in one paragraph: unsure in its first 256 bytes and as a whole.
        let mixed = """
            The city council voted on Tuesday to expand the bus network into the northern suburbs after months of debate. \
            Der Stadtrat hat am Dienstag beschlossen, das Busnetz nach monatelanger Debatte in die nördlichen Vororte auszuweiten. \
            Le conseil municipal a voté mardi l'extension du réseau de bus vers la banlieue nord après des mois de débat. \
            El ayuntamiento votó el martes ampliar la red de autobuses a los suburbios del norte tras meses de debate.
            """
        let detection = LanguageDetector.detect(title: nil, text: mixed)
        #expect(detection == LanguageDetector.detect(title: nil, text: mixed, quickSample: false))
        #expect(detection.remark?.contains("low confidence") == true)
    }
}

@Suite("Language tags")
struct LanguageTagTests {
    @Test(
        "declared and detected tags take BCP 47's case; what is not a tag gives nil",
        arguments: [
            ("en", "en"), ("uk", "uk"), ("fil", "fil"), ("EN-gb", "en-GB"), (" en_GB ", "en-GB"),
            ("zh-hant", "zh-Hant"), ("sr-latn-RS", "sr-Latn-RS"), ("En", "en"),
        ])
    func normalizes(declared: String, tag: String) {
        #expect(LanguageTag.normalized(declared) == tag)
    }

    @Test("a value that is not a language tag is no language", arguments: ["e", "english", "", "12", "é"])
    func rejects(declared: String) {
        #expect(LanguageTag.normalized(declared) == nil)
    }
}
