import Foundation
import NewsdropCore
import NewsdropTestSupport
import Testing

@Suite("The near-duplicate decision both backends make")
struct NearDuplicateDecisionTests {
    let parser = ArticleParser()

    func record(_ path: String) throws -> ArticleRecord {
        try parser.parse(try TestPaths.corpusBytes(path), file: FileFacts(name: path, modified: Date()), now: Date())
    }

    @Test("only articles the rule covers take part, and none under the keep policy")
    func applies() throws {
        let long = try record("bbc/business/001.txt")
        var short = long
        short.wordCount = 39
        #expect(NearDuplicateDecision(policy: .drop).applies(to: long))
        #expect(NearDuplicateDecision(policy: .mark).applies(to: long))
        #expect(!NearDuplicateDecision(policy: .keep).applies(to: long))
        #expect(!NearDuplicateDecision(policy: .drop).applies(to: short))
        #expect(NearDuplicateDecision(policy: .mark).archivesMatches)
        #expect(!NearDuplicateDecision(policy: .drop).archivesMatches)
    }

    @Test("an unstored article beyond the SimHash radius is no candidate, and the record is not shingled for nothing")
    func shinglesOnlyWithinReach() async throws {
        let article = try record("bbc/business/001.txt")
        let decision = NearDuplicateDecision()
        var shingles: Shingles?
        var loaded = 0
        let far = article.simhash ^ 0xFFF  // 12 bits away
        let none = await decision.nearest(
            for: article, stored: [(distance: Int, candidate: Int)](), unstored: [(simhash: far, candidate: 1)],
            shingles: &shingles
        ) { _ in
            loaded += 1
            return nil
        }
        #expect(none == nil)
        #expect(shingles == nil)
        #expect(loaded == 0)
    }

    @Test("the same article unstored is found, with its similarity, and the record's shingles are kept for the caller")
    func findsUnstored() async throws {
        let article = try record("bbc/business/001.txt")
        let other = try record("bbc/business/002.txt")
        let decision = NearDuplicateDecision()
        var shingles: Shingles?
        let match = await decision.nearest(
            for: article, stored: [(distance: 30, candidate: other.id)],
            unstored: [(simhash: article.simhash ^ 1, candidate: article.id)], shingles: &shingles
        ) { id in
            (id, NearDuplicateDecision.shingles(of: id == article.id ? article : other))
        }
        #expect(match?.id == article.id)
        #expect(match?.similarity == 1)
        #expect(shingles == NearDuplicateDecision.shingles(of: article))
    }

    @Test("the candidate index gives each stored article's position, nearest first, and its entries in filing order")
    func candidateIndex() {
        var index = CandidateIndex<Int64>()
        index.insert(0b1111, at: 40)
        index.insert([0b0000, 0xFFFF_FFFF_0000_0000], at: [10, 20])
        #expect(index.count == 3)
        let found = index.candidates(near: 0b0001)
        #expect(found.map(\.position) == [10, 40])
        #expect(found.map(\.distance) == [1, 3])
        #expect(index.entries.map(\.1) == [40, 10, 20])
    }
}
