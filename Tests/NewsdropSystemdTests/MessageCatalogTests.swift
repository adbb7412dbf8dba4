import Foundation
import NewsdropSystemd
import NewsdropTestSupport
import Testing

@Suite("Message catalog and journald fields")
struct MessageCatalogTests {
    /// The MESSAGE_IDs `systemd/newsdrop.catalog` documents, in file order.
    func catalogIDs() throws -> [String] {
        let text = try String(contentsOf: TestPaths.projectRoot.appendingPathComponent("systemd/newsdrop.catalog"), encoding: .utf8)
        return text.split(separator: "\n").filter { $0.hasPrefix("-- ") }.map { String($0.dropFirst(3)) }
    }

    @Test("every MESSAGE_ID in the code has a catalog entry, and every entry is used by the code")
    func catalogMatchesCode() throws {
        let catalog = try catalogIDs()
        let code = LogEventKind.allCases.map(\.messageID)
        #expect(Set(catalog) == Set(code))
        #expect(catalog.count == Set(catalog).count, "an id appears twice in the catalog")
        #expect(code.count == Set(code).count, "two event kinds share an id")
    }

    @Test("MESSAGE_IDs are 128-bit lowercase hex")
    func idForm() {
        for kind in LogEventKind.allCases {
            #expect(kind.messageID.count == 32 && kind.messageID.allSatisfy { $0.isHexDigit && !$0.isUppercase }, "\(kind)")
        }
    }

    @Test("each catalog entry has a subject and a body")
    func entriesAreComplete() throws {
        let text = try String(contentsOf: TestPaths.projectRoot.appendingPathComponent("systemd/newsdrop.catalog"), encoding: .utf8)
        let entries = text.components(separatedBy: "\n-- ").dropFirst()
        #expect(entries.count == LogEventKind.allCases.count)
        for entry in entries {
            #expect(entry.contains("\nSubject: "))
            let body = entry.components(separatedBy: "\n\n").dropFirst().joined()
            #expect(body.count > 40, "\(entry.prefix(40))")
        }
    }

    @Test(
        "metadata keys become valid journald field names that cannot overwrite reserved fields",
        arguments: [
            ("article_id", "ARTICLE_ID"),
            ("source-file", "SOURCE_FILE"),
            ("_secret", "SECRET"),
            ("9lives", "META_9LIVES"),
            ("message", "META_MESSAGE"),
            ("priority", "META_PRIORITY"),
            ("MESSAGE_ID", "META_MESSAGE_ID"),
            ("ünïcode key", "N_CODE_KEY"),
        ])
    func fieldNames(key: String, expected: String) {
        let name = JournalFields.name(forMetadataKey: key)
        #expect(name == expected)
        #expect(name.count <= 64)
        #expect(!name.hasPrefix("_"))
        #expect(name.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
    }

    @Test("a very long key is cut to 64 characters")
    func longKey() {
        #expect(JournalFields.name(forMetadataKey: String(repeating: "k", count: 100)).count == 64)
    }
}
