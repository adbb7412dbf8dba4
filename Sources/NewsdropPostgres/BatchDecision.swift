import NewsdropCore
import NewsdropStore

/// The decision a shared archive makes at commit, under its lock: which records of a batch are
/// new, given what the table already holds. Pure, so that it is tested without a database.
struct BatchDecision {
    /// An archived article that is a near-duplicate candidate, with its shingles.
    struct Archived {
        var id: ArticleID
        var shingles: Shingles
    }

    /// What becomes of one record.
    enum Outcome: Equatable, Sendable {
        /// Insert the record (marked, under the `mark` policy, when it nearly duplicates one).
        case insert(ArticleRecord)
        case superseded(DedupVerdict)
    }

    let policy: NearDuplicatePolicy
    let rule: NearDuplicateRule
    /// Ids the table already holds.
    let existing: Set<ArticleID>
    /// Candidates in the table for each record, with their SimHash distance.
    let candidates: [[(distance: Int, archived: Archived)]]
    /// The most candidates verified for one record, nearest first.
    static let verificationLimit = 8

    /// Decides each record in order: against the table, then against the batch's earlier records.
    func outcomes(_ records: [ArticleRecord]) -> [Outcome] {
        var outcomes: [Outcome] = []
        var accepted: Set<ArticleID> = []
        var batchShingles: [(simhash: UInt64, id: ArticleID, shingles: Shingles)] = []
        for (index, var record) in records.enumerated() {
            if existing.contains(record.id) || accepted.contains(record.id) {
                outcomes.append(.superseded(.duplicate(of: record.id)))
                continue
            }
            let long = record.wordCount >= rule.minimumWords
            var mine: Shingles?
            if policy != .keep, long {
                var pool = candidates[index]
                for earlier in batchShingles {
                    let distance = (earlier.simhash ^ record.simhash).nonzeroBitCount
                    if distance <= LocalDedupIndex.radius {
                        pool.append((distance, Archived(id: earlier.id, shingles: earlier.shingles)))
                    }
                }
                pool.sort { $0.distance < $1.distance }
                if !pool.isEmpty {
                    let shingles = Shingles(canonicalText: CanonicalText.identityText(title: record.title, blocks: record.blocks))
                    mine = shingles
                    if let (original, similarity) = pool.prefix(Self.verificationLimit).lazy.compactMap({ candidate in
                        rule.similarity(shingles, candidate.archived.shingles).map { (candidate.archived.id, $0) }
                    }).first {
                        if policy == .drop {
                            outcomes.append(.superseded(.nearDuplicate(of: original, similarity: similarity)))
                            continue
                        }
                        record.nearDuplicateOf = original
                        record.similarity = similarity
                    }
                }
            }
            accepted.insert(record.id)
            if long, policy != .keep {
                let shingles = mine ?? Shingles(canonicalText: CanonicalText.identityText(title: record.title, blocks: record.blocks))
                batchShingles.append((record.simhash, record.id, shingles))
            }
            outcomes.append(.insert(record))
        }
        return outcomes
    }
}
