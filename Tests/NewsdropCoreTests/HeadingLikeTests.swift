import Foundation
import NewsdropTestSupport
import Testing

@testable import NewsdropCore

@Suite("Telling headings from paragraphs")
struct HeadingLikeTests {
    @Test("the bounded word count agrees with splitting on white space, on short and long corpus lines")
    func boundedWordCount() throws {
        var lines = ["", " ", "one", " one  two\u{00A0}three ", "край\u{3000}світу", "— … —"]
        for file in try TestPaths.corpusFiles(in: "bbc/politics", limit: 20) + TestPaths.corpusFiles(in: "uk-press", limit: 20) {
            let text = try TextDecoding.decode(try TestPaths.corpusBytes(file)).text
            lines += text.split(separator: "\n").map(String.init)
        }
        for line in lines {
            let words = line.unicodeScalars.split(whereSeparator: \.properties.isWhitespace).count
            for range in [1...20, 3...5, 0...0] {
                #expect(PlainTextLayout.hasWordCount(line, in: range) == range.contains(words), "\(range) \(line.prefix(40))")
            }
        }
    }
}
