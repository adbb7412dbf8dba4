import Foundation
import NewsdropCore
import NewsdropTestSupport
import Testing

@Suite("Decoding bytes to text")
struct TextDecodingTests {
    @Test("UTF-8 with a byte order mark decodes without it")
    func bom() throws {
        let decoded = try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("Héllo".utf8))
        #expect(decoded.text == "Héllo")
        #expect(decoded.warnings.isEmpty)
    }

    @Test("a Latin-1 BBC article decodes as Windows-1252 with a warning")
    func latin1Fallback() throws {
        let decoded = try TextDecoding.decode(try TestPaths.corpusBytes("bbc/sport/199.txt"))
        #expect(decoded.text.contains("£15.8m"))
        #expect(decoded.warnings.contains { $0.contains("Windows-1252") })
    }

    @Test("Windows-1252 punctuation maps to its Unicode characters")
    func windows1252Punctuation() throws {
        #expect(try TextDecoding.decode([0x93, 0x48, 0x69, 0x94, 0x20, 0x96, 0x20, 0x80]).text == "“Hi” – €")
    }

    @Test("an undeclared legacy charset is detected and converted, with a warning")
    func detectedCharset() throws {
        let sentence = "Мэр города заявил во вторник, что новые автобусные маршруты начнут работать в октябре, а водителей наймут летом."
        let windows1251 = try #require(sentence.data(using: .windowsCP1251))
        let decoded = try TextDecoding.decode(Array(windows1251))
        #expect(decoded.text == sentence)
        #expect(decoded.warnings.contains { $0.contains("WINDOWS-1251") && $0.contains("detected") })
    }

    @Test("UTF-16 with a byte order mark is accepted")
    func utf16() throws {
        #expect(try TextDecoding.decode([0xFF, 0xFE, 0x48, 0x00, 0x69, 0x00]).text == "Hi")
        #expect(try TextDecoding.decode([0xFE, 0xFF, 0x00, 0x48, 0x00, 0x69]).text == "Hi")
    }

    /// Bytes that are not text, with the reason each is rejected for.
    static let notText: [([UInt8], String)] = [
        ([], "empty"),
        ([0x48, 0x00, 0x00, 0x69], "binary"),
        (Array(repeating: 0x01, count: 50) + Array("text".utf8), "binary"),
        (Array(repeating: 0, count: 200) + Array(String(repeating: "text ", count: 2000).utf8), "binary"),
        (Array("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".utf8), "binary"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("not text at all".utf8), "binary"),
    ]

    @Test("empty, binary and undecodable bytes are rejected with their reasons", arguments: notText)
    func rejections(bytes: [UInt8], reason: String) {
        #expect(throws: RejectionError.self) { try TextDecoding.decode(bytes) }
        do {
            _ = try TextDecoding.decode(bytes)
        } catch {
            #expect(error.reason == reason)
        }
    }

    @Test(
        "control characters are binary above one percent of the characters; tab, line ends and form feed are text",
        arguments: [
            (String(repeating: "é", count: 99) + "\u{01}", true),
            (String(repeating: "é", count: 98) + "\u{01}\u{7F}", false),
            (String(repeating: "ї", count: 96) + "\t\n\r\u{0C}", true),
            (String(repeating: "a", count: 49) + "\u{1B}", false),
        ])
    func controlShare(text: String, accepted: Bool) {
        #expect(((try? TextDecoding.decode(Array(text.utf8))) != nil) == accepted)
    }

    @Test("a stray NUL byte in a long text is dropped with a warning, not taken for a binary file")
    func strayNUL() throws {
        let page = "<html><body><p>" + String(repeating: "Ein Absatz über den Verein. ", count: 20) + "\0</p></body></html>"
        let decoded = try TextDecoding.decode(Array(page.utf8))
        #expect(!decoded.text.contains("\0"))
        #expect(decoded.text.contains("über den Verein"))
        #expect(decoded.warnings == ["1 NUL bytes were dropped"])
    }

    @Test("UTF-16 without a byte order mark is recognized by its NUL bytes, either byte order")
    func utf16WithoutBOM() throws {
        let text = "<html><body><p>Grüße aus dem Vereinsheim.</p></body></html>"
        let little = Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big = Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try TextDecoding.decode(little).text == text)
        #expect(try TextDecoding.decode(big).text == text)
        for bytes in [little, big] {
            let parsed = try Parse.all(bytes, name: "page.html")
            #expect(parsed.records.first?.text == "Grüße aus dem Vereinsheim.")
        }
    }

    @Test("text with no letters or digits is rejected as no_text")
    func noText() {
        let parser = ArticleParser()
        let facts = FileFacts(name: "x", modified: .init(timeIntervalSince1970: 0))
        for text in ["   \n\n \t", "date 2024-01-01", "Title: Only a header\n", "--- ***\n\n..."] {
            do {
                _ = try parser.parse(Array(text.utf8), file: facts, now: .init(timeIntervalSince1970: 1_800_000_000))
                Issue.record("\(text.debugDescription) was accepted")
            } catch {
                #expect(error.reason == "no_text" || error.reason == "empty")
            }
        }
    }
}
