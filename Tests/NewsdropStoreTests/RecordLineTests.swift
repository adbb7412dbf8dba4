import Foundation
import NewsdropCore
import NewsdropStore
import Testing

@Suite("Reading fields straight from an archive line")
struct RecordLineTests {
    func record(_ text: String) throws -> ArticleRecord {
        try ArticleParser().parse(Array(text.utf8), file: FileFacts(name: "f.txt", modified: Date()), now: Date())
    }

    @Test("the canonical text read back from a written line is the one the id was computed from")
    func canonicalTextRoundTrip() throws {
        let article = try record("A Headline With “Quotes”\n\nFirst paragraph — with a dash.\n\nSecond paragraph, Ünïcode and кирилиця.")
        let canonical = try #require(RecordLine.canonicalText(in: article.jsonBytes()))
        #expect(canonical == CanonicalText.identityText(title: article.title, blocks: article.blocks))
        #expect(ArticleID(canonicalText: canonical) == article.id)
    }

    @Test("a block of an unknown kind is left out; a line without blocks has no canonical text")
    func canonicalTextOfOtherLines() {
        let line = #"{"id":"x","title":"T","blocks":[{"kind":"paragraph","text":"One."},{"kind":"figure","text":"Two."}]}"#
        #expect(RecordLine.canonicalText(in: Array(line.utf8)) == "t one.")
        #expect(RecordLine.canonicalText(in: Array(#"{"title":"T"}"#.utf8)) == nil)
        #expect(RecordLine.canonicalText(in: Array("not json".utf8)) == nil)
    }
}
