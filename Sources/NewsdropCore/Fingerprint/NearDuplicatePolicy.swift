/// What to do with an article that is a near-duplicate of one already archived.
public enum NearDuplicatePolicy: String, Sendable, CaseIterable {
    /// Add no record; the file goes to done/ and the log names the article it duplicates.
    case drop
    /// Append the record with `near_duplicate_of` and `similarity` set.
    case mark
    /// Treat it as a new article.
    case keep
}

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

    /// The similarity of a candidate pair when it counts as a near-duplicate, else `nil`.
    public func similarity(_ new: Shingles, _ stored: Shingles) -> Double? {
        guard new.wordCount >= minimumWords, stored.wordCount >= minimumWords else { return nil }
        let similarity = new.jaccard(stored)
        guard similarity >= threshold, Self.numbersAgree(new.numbers, stored.numbers) else { return nil }
        return similarity
    }

    /// Numbers agree when one text's numbers include the other's: an added dateline or figure is
    /// fine, but when each text has a number the other lacks, a figure changed, and stories that
    /// differ in their numbers (results, scores, casualty counts) are different stories.
    public static func numbersAgree(_ left: Set<String>, _ right: Set<String>) -> Bool {
        left.isSubset(of: right) || right.isSubset(of: left)
    }
}
