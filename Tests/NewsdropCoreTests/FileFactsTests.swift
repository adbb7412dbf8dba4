import Foundation
import Testing

@testable import NewsdropCore

@Suite("What the parser is told about the file")
struct FileFactsTests {
    let article = Array("Bridge reopens\n\nThe old bridge over the river opened again today after repairs.\n".utf8)
    let now = Date(timeIntervalSince1970: 1_760_000_000)

    @Test("a file name that is not UTF-8 is named in hex in every record's warnings; a good name adds none")
    func undecodableName() throws {
        let bad = FileFacts(name: "caf\u{FFFD}.txt", modified: now, undecodableNameHex: "636166e92e747874")
        let record = try ArticleParser().parse(article, file: bad, now: now)
        #expect(record.warnings.last?.contains("hex 636166e92e747874") == true)
        let good = try ArticleParser().parse(article, file: FileFacts(name: "cafe.txt", modified: now), now: now)
        #expect(!good.warnings.contains { $0.contains("not valid UTF-8") })
    }
}
