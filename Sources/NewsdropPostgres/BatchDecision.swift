import NewsdropArchive
import NewsdropCore

/// The decision a shared archive makes at commit, under its lock: which records of a batch are
/// new, given what the table already holds. Pure, so that it is tested without a database.
struct BatchDecision {
    /// An archived article that is a near-duplicate candidate, with its shingles.
    struct Archived: Sendable {
        var id: ArticleID
        var shingles: Shingles
    }

    /// What becomes of one record.
    enum Outcome: Equatable, Sendable {
        /// Insert the record (marked, under the `mark` policy, when it nearly duplicates one).
        case insert(ArticleRecord)
        case superseded(DedupVerdict)
    }

    let decision: NearDuplicateDecision
    /// Ids the table already holds.
    let existing: Set<ArticleID>
    /// Candidates in the table for each record, with their SimHash distance.
    let candidates: [[(distance: Int, archived: Archived)]]

    /// Decides each record in order: against the table, then against the batch's earlier records.
    func outcomes(_ records: [ArticleRecord]) async -> [Outcome] {
        var outcomes: [Outcome] = []
        var accepted: Set<ArticleID> = []
        var earlier: [(simhash: UInt64, candidate: Archived)] = []
        for (index, var record) in records.enumerated() {
            if existing.contains(record.id) || accepted.contains(record.id) {
                outcomes.append(.superseded(.duplicate(of: record.id)))
                continue
            }
            var shingles: Shingles?
            if decision.applies(to: record),
                let match = await decision.nearest(
                    for: record, stored: candidates[index].map { ($0.distance, $0.archived) }, unstored: earlier,
                    shingles: &shingles, load: { ($0.id, $0.shingles) })
            {
                guard decision.archivesMatches else {
                    outcomes.append(.superseded(.nearDuplicate(of: match.id, similarity: match.similarity)))
                    continue
                }
                record.nearDuplicateOf = match.id
                record.similarity = match.similarity
            }
            accepted.insert(record.id)
            if decision.applies(to: record) {
                let shingles = shingles ?? NearDuplicateDecision.shingles(of: record)
                earlier.append((record.simhash, Archived(id: record.id, shingles: shingles)))
            }
            outcomes.append(.insert(record))
        }
        return outcomes
    }
}
