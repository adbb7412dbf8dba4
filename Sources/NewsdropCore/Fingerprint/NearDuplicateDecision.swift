/// The near-duplicate decision, one for both backends: which records take part, which
/// candidates a record is compared with, and what the policy makes of a match.
///
/// Candidates are stored articles, found in a ``SimHashIndex``, and articles of this run not
/// stored yet, compared by SimHash distance here. The record is shingled only when a candidate
/// is within reach: that is the costly part.
public struct NearDuplicateDecision: Sendable, Equatable {
    public var policy: NearDuplicatePolicy
    public var rule: NearDuplicateRule

    public init(policy: NearDuplicatePolicy = .drop, rule: NearDuplicateRule = NearDuplicateRule()) {
        self.policy = policy
        self.rule = rule
    }

    /// True when `record` is compared with candidates: the policy looks for near-duplicates and
    /// the record is long enough for the rule.
    public func applies(to record: ArticleRecord) -> Bool {
        policy != .keep && rule.covers(wordCount: record.wordCount)
    }

    /// True when a near-duplicate is archived, marked, rather than dropped.
    public var archivesMatches: Bool { policy == .mark }

    /// The shingles a record is compared by: those of its canonical title and body.
    public static func shingles(of record: ArticleRecord) -> Shingles {
        shingles(title: record.title, blocks: record.blocks)
    }

    /// The shingles of an article's canonical title and body.
    public static func shingles(title: String?, blocks: [TextBlock]) -> Shingles {
        Shingles(canonicalText: CanonicalText.identityText(title: title, blocks: blocks))
    }

    /// The nearest near-duplicate of `record` among the `stored` candidates (from an index, with
    /// their SimHash distance) and the `unstored` ones (with their SimHash), through
    /// ``NearDuplicateRule/nearest(among:to:isolation:load:)``. `shingles` holds the record's
    /// shingles once computed, so that a caller that also needs them computes them once.
    /// Inlinable, so that the per-article call is specialized in each backend.
    @inlinable
    public func nearest<Candidate: Sendable>(
        for record: ArticleRecord,
        stored: [(distance: Int, candidate: Candidate)],
        unstored: some Sequence<(simhash: UInt64, candidate: Candidate)>,
        shingles: inout Shingles?,
        isolation: isolated (any Actor)? = #isolation,
        load: (Candidate) async throws -> (id: ArticleID, shingles: Shingles)?
    ) async rethrows -> (id: ArticleID, similarity: Double)? {
        var pool = stored
        for entry in unstored {
            let distance = (entry.simhash ^ record.simhash).nonzeroBitCount
            if distance <= NearDuplicateRule.radius { pool.append((distance, entry.candidate)) }
        }
        guard !pool.isEmpty else { return nil }
        let mine = shingles ?? Self.shingles(of: record)
        shingles = mine
        return try await rule.nearest(among: pool, to: mine, load: load)
    }
}
