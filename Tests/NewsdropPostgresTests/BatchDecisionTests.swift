import Foundation
import NewsdropArchive
import NewsdropCore
import NewsdropTestSupport
import Testing

@testable import NewsdropPostgres

@Suite("The shared archive's decision at commit")
struct BatchDecisionTests {
    let parser = ArticleParser()

    func record(_ text: String) throws -> ArticleRecord {
        try parser.parse(Array(text.utf8), file: FileFacts(name: "f.txt", modified: Date()), now: Date())
    }

    var story: String {
        get throws { String(decoding: try TestPaths.corpusBytes("bbc/business/001.txt"), as: UTF8.self) }
    }

    var resent: String {
        get throws { "Updated: " + (try story) + "\nReporting by John Smith; Editing by Mary Jones\n" }
    }

    func archived(_ record: ArticleRecord) -> BatchDecision.Archived {
        BatchDecision.Archived(
            id: record.id, shingles: Shingles(canonicalText: CanonicalText.identityText(title: record.title, blocks: record.blocks)))
    }

    func decision(
        _ policy: NearDuplicatePolicy, existing: Set<ArticleID> = [], candidates: [[(distance: Int, archived: BatchDecision.Archived)]]
    ) -> BatchDecision {
        BatchDecision(decision: NearDuplicateDecision(policy: policy), existing: existing, candidates: candidates)
    }

    @Test("an id the table holds, or one earlier in the batch, is a duplicate; the rest is inserted in order")
    func exact() async throws {
        let first = try record("First story.\n\nIts body.")
        let second = try record("Second story.\n\nIts body.")
        let outcomes = await decision(.drop, existing: [first.id], candidates: [[], [], []]).outcomes([first, second, second])
        #expect(outcomes == [.superseded(.duplicate(of: first.id)), .insert(second), .superseded(.duplicate(of: second.id))])
    }

    @Test("drop: a near-duplicate of an archived article is not inserted, and names it")
    func dropNear() async throws {
        let original = try record(try story)
        let copy = try record(try resent)
        let outcomes = await decision(.drop, candidates: [[(3, archived(original))]]).outcomes([copy])
        guard case .superseded(.nearDuplicate(let of, let similarity)) = outcomes.first else {
            Issue.record("expected a near-duplicate, got \(outcomes)")
            return
        }
        #expect(of == original.id)
        #expect(similarity >= 0.8 && similarity < 1)
    }

    @Test("mark: the near-duplicate is inserted with near_duplicate_of and similarity")
    func markNear() async throws {
        let original = try record(try story)
        let copy = try record(try resent)
        let outcomes = await decision(.mark, candidates: [[(3, archived(original))]]).outcomes([copy])
        guard case .insert(let inserted) = outcomes.first else {
            Issue.record("expected an insert, got \(outcomes)")
            return
        }
        #expect(inserted.nearDuplicateOf == original.id)
        #expect((inserted.similarity ?? 0) >= 0.8)
    }

    @Test("two near-duplicates in one batch: the second is decided against the first")
    func withinBatch() async throws {
        let original = try record(try story)
        let copy = try record(try resent)
        let outcomes = await decision(.drop, candidates: [[], []]).outcomes([original, copy])
        #expect(outcomes.first == .insert(original))
        guard case .superseded(.nearDuplicate(let of, _)) = outcomes.last else {
            Issue.record("expected a near-duplicate, got \(outcomes)")
            return
        }
        #expect(of == original.id)
    }

    @Test("keep: near-duplicates are new articles; exact duplicates are still dropped")
    func keep() async throws {
        let original = try record(try story)
        let copy = try record(try resent)
        let outcomes = await decision(.keep, existing: [original.id], candidates: [[], []]).outcomes([copy, original])
        #expect(outcomes == [.insert(copy), .superseded(.duplicate(of: original.id))])
    }
}
