import NewsdropArchive
import NewsdropCore
import Testing

@Suite("An article's decision: the verdict at claim, then the placement at commit")
struct ArticleDecisionTests {
    let original = ArticleID(value: 42)
    let other = ArticleID(value: 7)

    @Test("a near-duplicate is archived marked under mark, and not archived under drop")
    func claimed() {
        let marked = ArticleDecision(claimed: .nearDuplicate(of: original, similarity: 0.9), decision: NearDuplicateDecision(policy: .mark))
        #expect(marked.isArchived)
        #expect(marked.markedNearDuplicateOf?.0 == original)
        let dropped = ArticleDecision(
            claimed: .nearDuplicate(of: original, similarity: 0.9), decision: NearDuplicateDecision(policy: .drop))
        #expect(!dropped.isArchived)
        #expect(ArticleDecision(claimed: .new, decision: NearDuplicateDecision(policy: .drop)).isArchived)
        #expect(!ArticleDecision(claimed: .duplicate(of: original), decision: NearDuplicateDecision(policy: .mark)).isArchived)
    }

    @Test("the archive's placement at commit has the last word: superseded, or marked after all")
    func committed() {
        var superseded = ArticleDecision(
            claimed: .nearDuplicate(of: original, similarity: 0.9), decision: NearDuplicateDecision(policy: .mark))
        #expect(superseded.committed(.superseded(.duplicate(of: other))) == nil)
        #expect(superseded.verdict == .duplicate(of: other))
        #expect(!superseded.isArchived && superseded.markedNearDuplicateOf == nil)
        var marked = ArticleDecision(claimed: .new, decision: NearDuplicateDecision(policy: .mark))
        #expect(marked.committed(.archivedMarked(at: 9, nearDuplicateOf: other, similarity: 0.85)) == 9)
        #expect(marked.verdict == .nearDuplicate(of: other, similarity: 0.85))
        #expect(marked.isArchived && marked.markedNearDuplicateOf?.0 == other)
        var kept = ArticleDecision(claimed: .new, decision: NearDuplicateDecision(policy: .drop))
        #expect(kept.committed(.archived(at: 3)) == 3)
        #expect(kept == ArticleDecision(claimed: .new, decision: NearDuplicateDecision(policy: .drop)))
    }
}
