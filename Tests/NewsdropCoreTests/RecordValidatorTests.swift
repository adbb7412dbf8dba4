import Foundation
import NewsdropCore
import Testing

@Suite("Record validation")
struct RecordValidatorTests {
    @Test("a record whose text is not its blocks joined by blank lines is reported")
    func textMustJoinBlocks() throws {
        let article = Array("Headline\n\nFirst paragraph of the story.\n\nSecond paragraph of the story.\n".utf8)
        let record = try ArticleParser().parse(article, file: FileFacts(name: "a.txt", modified: Date()), now: Date())
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(record.jsonBytes()))
        #expect(RecordValidator.problems(in: decoded) == [])
        for text in ["First paragraph of the story.\nSecond paragraph of the story.", "First paragraph of the story."] {
            var fields = try #require(decoded.object)
            fields["text"] = .string(text)
            #expect(RecordValidator.problems(in: .object(fields)).contains("text is not the blocks joined by blank lines"))
        }
    }
}
