import NewsdropCore
import NewsdropTestSupport
import Testing

@Suite("Language: declared, else detected")
struct LanguageTests {
    @Test(
        "a declared language is normalized to a BCP 47 tag",
        arguments: [
            ("en_GB", "en-GB"), ("EN-us", "en-US"), ("uk", "uk"), ("zh-hant-tw", "zh-Hant-TW"),
        ])
    func declared(value: String, expected: String) throws {
        let record = try Parse.one("Title: T\nLanguage: \(value)\n\n\(englishParagraph)\n")
        #expect(record.language == expected)
        #expect(!record.warnings.contains { $0.contains("language") })
    }

    @Test("an undeclared language is detected: English BBC and Ukrainian press texts")
    func detected() throws {
        let parser = ArticleParser()
        let english = try parser.parse(
            try TestPaths.corpusBytes("bbc/tech/001.txt"), file: FileFacts(name: "e", modified: Parse.now), now: Parse.now)
        #expect(english.language == "en")
        let ukrainian = try parser.parse(
            try TestPaths.corpusBytes("uk-press/A_Chas_Kyivshchyny_Zakrevskyi_I_radi_b_obyednatysia_2016.txt"),
            file: FileFacts(name: "u", modified: Parse.now), now: Parse.now)
        #expect(ukrainian.language == "uk")
        #expect(!english.warnings.contains { $0.contains("language") })
    }

    @Test("detection that is unsure or finds nothing says so in parse.warnings")
    func unsure() throws {
        let nothing = try Parse.one("12345 67890 2025\n")
        #expect(nothing.language == nil)
        #expect(nothing.warnings.contains { $0.contains("language could not be detected") })

        // A paragraph in four languages at once: CLD2 names one but is not sure of it.
        let mixed = try Parse.one(
            """
            The city council voted on Tuesday to expand the bus network into the northern suburbs after months of debate. \
            Der Stadtrat hat am Dienstag beschlossen, das Busnetz nach monatelanger Debatte in die nördlichen Vororte auszuweiten. \
            Le conseil municipal a voté mardi l'extension du réseau de bus vers la banlieue nord après des mois de débat. \
            El ayuntamiento votó el martes ampliar la red de autobuses a los suburbios del norte tras meses de debate.

            """)
        #expect(mixed.language != nil)
        #expect(mixed.warnings.contains { $0.contains("low confidence") })
    }
}
