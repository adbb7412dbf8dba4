import Foundation
import NewsdropTestSupport
import Testing

@testable import NewsdropCore

@Suite("The record's JSON form")
struct RecordJSONTests {
    func record(text: String, title: String? = nil) -> ArticleRecord {
        ArticleRecord(
            id: ArticleID(canonicalText: text), simhash: 0x0123_4567_89ab_cdef, title: title, authors: ["A. Writer"],
            datePublished: PublicationDate(year: 2025, month: 9, day: 4), datePublishedRaw: "2025-09-04",
            language: nil, url: nil, sourceName: nil, text: text, blocks: [TextBlock(.paragraph, text)],
            wordCount: 1, inputFormat: .textPlain,
            sourceFile: SourceFile(
                name: "a.txt", sha256: String(repeating: "0", count: 64), sizeBytes: 3,
                modified: Date(timeIntervalSince1970: 1_757_000_000)),
            dateIngested: Date(timeIntervalSince1970: 1_790_000_000.75), warnings: [], extra: ["n": .number(2)])
    }

    @Test("every key is present, in the documented order, with null for unknown values")
    func keysAndNulls() throws {
        let line = record(text: "Body").jsonLine()
        #expect(line.hasPrefix(#"{"schema_version":1,"id":""#))
        #expect(line.contains(#""simhash":"0123456789abcdef","near_duplicate_of":null,"similarity":null,"title":null"#))
        #expect(line.contains(#""title":null"#))
        #expect(line.contains(#""language":null,"url":null,"source_name":null"#))
        #expect(line.contains(#""date_published":"2025-09-04""#))
        #expect(line.contains(#""mtime":"2025-09-04T15:33:20Z""#))
        #expect(line.contains(#""date_ingested":"2026-09-21T14:13:20Z""#))
        #expect(line.hasSuffix(#""parse":{"warnings":[]},"extra":{"n":2}}"#))
        #expect(!line.contains("\n"))
    }

    @Test(
        "strings are escaped so that every line is one valid JSON object",
        arguments: [
            "quote \" backslash \\ slash /", "tab\tnewline\ncr\rbell\u{07}nul-free", "line\u{2028}sep\u{2029}end", "ünï “cöde” 😀 київ",
        ])
    func escaping(text: String) throws {
        let line = record(text: text).jsonLine()
        #expect(!line.contains("\n") && !line.contains("\r") && !line.contains("\u{2028}"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["text"] as? String == text)
    }

    @Test("escapes use the short forms where JSON has one, else \\u with four lowercase hex digits")
    func escapeSpelling() {
        var writer = JSONWriter()
        writer.string("a\"b\\c\nd\re\tf\u{08}g\u{0C}h\u{01}i\u{7F}j\u{1F}k\u{2028}l\u{2029}m\u{2026}n")
        #expect(
            String(decoding: writer.bytes, as: UTF8.self)
                == #""a\"b\\c\nd\re\tf\bg\fh\u0001i\u007fj\u001fk\u2028l\u2029m…n""#)
    }

    @Test("the eight-byte check flags a word exactly when one of its bytes cannot pass through")
    func eightByteCheck() {
        func byteByByte(_ word: UInt64) -> Bool {
            (0..<8).contains { lane in
                let byte = UInt8(truncatingIfNeeded: word >> UInt64(8 * lane))
                return byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xE2
            }
        }
        var generator = SplitMix64(seed: 11)
        var words: [UInt64] = (0..<20_000).map { _ in generator.next() }
        // Printable ASCII words with one byte set to each value in each lane: single hits and
        // their neighbours, where a borrow between lanes would show.
        for lane in 0..<8 {
            for byte in 0...255 {
                let clear: UInt64 = 0x6161_6161_6161_6161 & ~(0xFF << UInt64(8 * lane))
                words.append(clear | UInt64(byte) << UInt64(8 * lane))
            }
        }
        for word in words { #expect(JSONWriter.mayNeedEscape(word) == byteByByte(word), "word \(String(word, radix: 16))") }
    }

    @Test("strings longer than eight bytes escape what needs escaping at every position")
    func escapesAtEveryPosition() {
        for position in 0..<20 {
            for special in ["\"", "\\", "\n", "\u{01}", "\u{7F}", "\u{2028}", "\u{2019}"] {
                var text = String(repeating: "x", count: 20)
                text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: position))
                var writer = JSONWriter()
                writer.string(text)
                let written = String(decoding: writer.bytes, as: UTF8.self)
                let expected =
                    "\"" + String(repeating: "x", count: position) + JSONWriterTestSpelling.escaped(special)
                    + String(repeating: "x", count: 20 - position) + "\""
                #expect(written == expected)
            }
        }
    }

    @Test("records of real articles validate against the JSON Schema")
    func schema() throws {
        let parser = ArticleParser()
        var lines: [String] = [record(text: "tab\tquote\"").jsonLine()]
        for path in ["seed/2025-09-04-security-guarantees.txt", "bbc/business/001.txt", "bbc/sport/199.txt"] {
            let parsed = try parser.parse(try TestPaths.corpusBytes(path), file: FileFacts(name: path, modified: Date()), now: Date())
            lines.append(parsed.jsonLine())
        }
        #expect(try SchemaValidation.problems(inJSONLines: lines.joined(separator: "\n") + "\n") == [])
    }
}

@Suite("A record read back from a store that sorts keys")
struct RecordKeyOrderTests {
    @Test("archiveLine(of:) rebuilds the archive line byte for byte from the decoded object of corpus articles")
    func rebuildsTheLine() throws {
        let parser = ArticleParser()
        let files =
            try ["bbc/business/001.txt", "bbc/tech/010.txt"] + TestPaths.corpusFiles(in: "seed", limit: 5)
            + TestPaths.corpusFiles(in: "uk-press", limit: 3)

        var checked = 0
        for file in files {
            guard
                let parsed = try? parser.parseAll(
                    try TestPaths.corpusBytes(file), file: FileFacts(name: file, modified: Date()), now: Date())
            else { continue }
            for var record in parsed.records {
                record.nearDuplicateOf = record.id
                record.similarity = 0.8765
                let line = record.jsonBytes()
                let object = try #require(JSONValue(parsing: Data(line))?.object)
                #expect(ArticleRecord.archiveLine(of: object) == line, "\(file)")
                checked += 1
            }
        }
        #expect(checked >= 5)
    }

    @Test("keys the layout does not know follow the known ones, sorted")
    func unknownKeys() throws {
        let object: [String: JSONValue] = ["zeta": .number(1), "id": "x", "alpha": .bool(true), "schema_version": .number(1)]
        #expect(
            String(decoding: ArticleRecord.archiveLine(of: object), as: UTF8.self)
                == #"{"schema_version":1,"id":"x","alpha":true,"zeta":1}"#)
    }
}

/// The escaped spellings the writer must produce, written out by hand.
enum JSONWriterTestSpelling {
    static func escaped(_ special: String) -> String {
        switch special {
        case "\"": #"\""#
        case "\\": #"\\"#
        case "\n": #"\n"#
        case "\u{01}": #"\u0001"#
        case "\u{7F}": #"\u007f"#
        case "\u{2028}": #"\u2028"#
        default: special
        }
    }
}
