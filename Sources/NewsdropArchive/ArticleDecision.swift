public import NewsdropCore

/// What becomes of one article, decided in order:
///
/// 1. the dedup index's verdict when the article is claimed (``DedupVerdict``): new, a duplicate,
///    or a near-duplicate, which the `mark` policy archives marked and `drop` does not;
/// 2. the archive's placement at commit (``Placement``): a local archive keeps the verdict; a
///    shared one decides again under its lock and may find another instance was first (the
///    article is superseded) or that it nearly duplicates an article committed meanwhile
///    (archived marked).
///
/// The pipeline takes both steps through this type, so the record written and the outcome
/// counted always agree.
public struct ArticleDecision: Sendable, Equatable {
    public private(set) var verdict: DedupVerdict
    /// The archived article this one is marked as a near-duplicate of, with their similarity.
    public private(set) var markedNearDuplicateOf: (ArticleID, Double)?

    /// Step 1: the verdict at claim, under the near-duplicate `decision` in force.
    public init(claimed verdict: DedupVerdict, decision: NearDuplicateDecision) {
        self.verdict = verdict
        if case .nearDuplicate(let original, let similarity) = verdict, decision.archivesMatches {
            markedNearDuplicateOf = (original, similarity)
        }
    }

    /// True when the article is a near-duplicate that is not archived (the `drop` policy).
    public var isDroppedNearDuplicate: Bool {
        if case .nearDuplicate = verdict { !isArchived } else { false }
    }

    /// True when the article adds a record to the archive.
    public var isArchived: Bool {
        switch verdict {
        case .new: true
        case .duplicate: false
        case .nearDuplicate: markedNearDuplicateOf != nil
        }
    }

    /// Step 2: what the archive made of the record at commit; returns its position when it was
    /// archived.
    public mutating func committed(_ placement: Placement) -> UInt64? {
        switch placement {
        case .archived(let position):
            return position
        case .archivedMarked(let position, let original, let similarity):
            verdict = .nearDuplicate(of: original, similarity: similarity)
            markedNearDuplicateOf = (original, similarity)
            return position
        case .superseded(let verdict):
            self.verdict = verdict
            markedNearDuplicateOf = nil
            return nil
        }
    }

    /// Writes the near-duplicate mark (or its absence) into the record.
    public func mark(_ record: inout ArticleRecord) {
        record.nearDuplicateOf = markedNearDuplicateOf?.0
        record.similarity = markedNearDuplicateOf?.1
    }

    public static func == (lhs: ArticleDecision, rhs: ArticleDecision) -> Bool {
        lhs.verdict == rhs.verdict && lhs.markedNearDuplicateOf?.0 == rhs.markedNearDuplicateOf?.0
            && lhs.markedNearDuplicateOf?.1 == rhs.markedNearDuplicateOf?.1
    }
}
