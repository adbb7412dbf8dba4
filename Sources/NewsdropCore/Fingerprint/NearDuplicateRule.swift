/// The rule that decides whether two articles are the same story: enough shared word 3-shingles,
/// and no number in one that the other contradicts.
public struct NearDuplicateRule: Sendable, Equatable {
    /// The least Jaccard similarity of word 3-shingles for a near-duplicate.
    public var threshold: Double
    /// Articles with fewer words are deduplicated exactly only.
    public var minimumWords: Int

    public init(threshold: Double = 0.8, minimumWords: Int = 40) {
        self.threshold = threshold
        self.minimumWords = minimumWords
    }

    /// True when an article of `wordCount` words is long enough for near-duplicate detection:
    /// shorter ones are deduplicated exactly only, and are not filed as candidates.
    public func covers(wordCount: Int) -> Bool { wordCount >= minimumWords }

    /// The similarity of a candidate pair when it counts as a near-duplicate, else `nil`.
    public func similarity(_ new: Shingles, _ stored: Shingles) -> Double? {
        guard covers(wordCount: new.wordCount), covers(wordCount: stored.wordCount) else { return nil }
        let similarity = new.jaccard(stored)
        guard similarity >= threshold, Self.numbersAgree(new.numbers, stored.numbers) else { return nil }
        return similarity
    }

    /// SimHash candidates are looked for within this many differing bits.
    public static let radius = SimHashIndex.maximumRadius
    /// The most candidates verified for one article, nearest first.
    public static let verificationLimit = 8

    /// The nearest candidate this rule calls a near-duplicate of the article whose shingles are
    /// `mine`, with its similarity. Candidates are taken nearest first by SimHash distance, those
    /// beyond ``radius`` left out, and at most ``verificationLimit`` are verified; `load` gives a
    /// candidate's id and shingles, or `nil` when it can no longer be read (it is passed over).
    /// Both backends decide through this one function; it runs on the caller's actor.
    public func nearest<Candidate: Sendable>(
        among candidates: [(distance: Int, candidate: Candidate)], to mine: Shingles,
        isolation: isolated (any Actor)? = #isolation,
        load: (Candidate) async throws -> (id: ArticleID, shingles: Shingles)?
    ) async rethrows -> (id: ArticleID, similarity: Double)? {
        let inReach = candidates.filter { $0.distance <= Self.radius }.sorted { $0.distance < $1.distance }
        for entry in inReach.prefix(Self.verificationLimit) {
            guard let theirs = try await load(entry.candidate) else { continue }
            if let similarity = similarity(mine, theirs.shingles) { return (theirs.id, similarity) }
        }
        return nil
    }

    /// Numbers agree when one text's numbers include the other's: an added dateline or figure is
    /// fine, but when each text has a number the other lacks, a figure changed, and stories that
    /// differ in their numbers (results, scores, casualty counts) are different stories.
    public static func numbersAgree(_ left: Set<String>, _ right: Set<String>) -> Bool {
        left.isSubset(of: right) || right.isSubset(of: left)
    }
}
