import Foundation
import Logging
import NewsdropArchive
import NewsdropCore
import NewsdropInbox

extension IngestPipeline {
    /// One article of a batch with the dedup stage's decision about it (new, duplicate or near
    /// duplicate).
    struct DecidedArticle {
        var file: ClaimedFile
        var record: ArticleRecord
        var decision: ArticleDecision

        var isArchived: Bool { decision.isArchived }
    }

    /// A file whose articles all have a decision; retired once the new ones are durable.
    struct DecidedFile {
        var file: ClaimedFile
        var articles: Range<Int>
        var skipped: [SkippedItem]
    }

    /// What deciding a batch gave: its articles and files in inbox order, and the files that
    /// changed while they were read.
    struct Decisions {
        var articles: [DecidedArticle] = []
        var files: [DecidedFile] = []
        var changing: [(ClaimedFile, EntryStamp)] = []
        /// The indices in `articles` of those to archive.
        var fresh: [Int] { articles.indices.filter { articles[$0].isArchived } }
    }

    /// Carries a batch already read and parsed to its end, in three steps: ``decide(_:)``, then
    /// ``commit(_:)`` of the new records, then ``retire(_:offsets:)`` of the files; then clears it
    /// from the in-flight record. Returns the files that changed while they were read, to be read
    /// again once they settle; they stay in `work/` meanwhile, as does a batch whose commit
    /// shutdown interrupted.
    func process(_ batch: PreparedBatch) async -> [(ClaimedFile, EntryStamp)] {
        defer { if let number = batch.inFlightNumber { inFlight.end(number) } }
        var decisions = await decide(batch)
        guard !decisions.files.isEmpty, let offsets = await commit(&decisions) else { return decisions.changing }
        retire(decisions, offsets: offsets)
        return decisions.changing
    }

    /// Asks the dedup index about every article of the batch (each article of a multi-article
    /// file on its own) and applies the policy; rejects the files that could not be parsed.
    func decide(_ batch: PreparedBatch) async -> Decisions {
        let nearDuplicates = settings.current.nearDuplicateDecision
        var decisions = Decisions()
        for (file, outcome) in batch.files {
            switch outcome {
            case .vanished:
                logger.event(
                    .vanished, .warning, "a claimed file vanished from work/ before it could be read",
                    ["source_file": "\(file)", "work_name": "\(file.workName)"])
            case .changed(let stamp):
                logger.event(
                    .changed, .info, "file changed while it was read; it is read again once it settles",
                    ["source_file": "\(file)"])
                decisions.changing.append((file, stamp))
            case .rejected(let reason):
                reject(file, reason)
            case .parsed(let parsed):
                let first = decisions.articles.count
                for var record in parsed.records {
                    let decision = ArticleDecision(claimed: await dedup.claim(record), decision: nearDuplicates)
                    decision.mark(&record)
                    decisions.articles.append(DecidedArticle(file: file, record: record, decision: decision))
                }
                decisions.files.append(DecidedFile(file: file, articles: first..<decisions.articles.count, skipped: parsed.skipped))
            }
        }
        return decisions
    }
}
