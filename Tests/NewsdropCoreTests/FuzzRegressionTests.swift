import Foundation
import NewsdropCore
import NewsdropTestSupport
import Testing

/// Inputs the fuzzer (or a person) found nasty, kept in Tests/Fixtures/fuzz-regressions: each must
/// parse into a valid record or be rejected with a reason, never crash, whether its format is
/// sniffed or it is handed to each reader as the fuzz targets do.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let folder = TestPaths.projectRoot.appendingPathComponent("Tests/Fixtures/fuzz-regressions")
    static let inputs = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()

    @Test("the regression folder is not empty")
    func hasInputs() {
        #expect(Self.inputs.count >= 10)
    }

    @Test("each input is parsed into a valid record or rejected with a reason", arguments: inputs)
    func replay(name: String) throws {
        let bytes = Array(try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        do {
            let record = try ArticleParser().parse(bytes, file: FileFacts(name: name, modified: Date()), now: Date())
            let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(record.jsonBytes()))
            #expect(RecordValidator.problems(in: decoded) == [])
        } catch let error as RejectionError {
            #expect(!error.reason.isEmpty && !error.message.isEmpty)
        }
        let families: [FormatReaders.Family] = [.plainText, .markdown, .json, .feed, .html]
        for family in families {
            do throws(RejectionError) {
                let parsed = try ArticleParser().parseAll(bytes, file: FileFacts(name: name, modified: Date()), now: Date(), as: family)
                for record in parsed.records {
                    let decoded = try? JSONDecoder().decode(JSONValue.self, from: Data(record.jsonBytes()))
                    #expect(decoded.map { RecordValidator.problems(in: $0) } == [], "\(family)")
                }
            } catch {
                #expect(!error.reason.isEmpty, "\(family)")
            }
        }
    }
}
