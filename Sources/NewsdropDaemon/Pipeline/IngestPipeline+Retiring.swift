import Foundation
import Logging
import NewsdropArchive
import NewsdropCore
import NewsdropInbox

extension IngestPipeline {
    /// Retires the batch's files in inbox order, each only now that every one of its new
    /// articles is durable, and counts what the batch did.
    func retire(_ decisions: Decisions, offsets: [Int: UInt64]) {
        let durableAt = Date()
        var bytes = 0
        for file in decisions.files {
            for index in file.articles { report(decisions.articles[index], offset: offsets[index]) }
            retire(file, after: settings.current.after)
            bytes += file.file.size
            if let first = file.articles.first {
                let waited = durableAt.timeIntervalSince(decisions.articles[first].record.sourceFile.modified)
                counters.metrics.dropToRecordSeconds.recordNanoseconds(Int64(max(0, waited) * 1e9))
            }
        }
        counters.metrics.bytes.increment(by: bytes)
        let near = decisions.articles.filter(\.decision.isDroppedNearDuplicate).count
        let archived = offsets.count
        counters.add(ingested: archived, duplicates: decisions.articles.count - archived, nearDuplicates: near)
    }

    /// Moves (or deletes) one file whose new articles are durable, after logging its skipped items.
    private func retire(_ file: DecidedFile, after: AfterIngest) {
        for item in file.skipped {
            logger.event(
                .itemSkipped, .warning, "an item of the file was skipped: \(item.message)",
                ["source_file": "\(file.file)", "item": "\(item.index)", "reason": "\(item.reason)"])
        }
        do {
            try inbox.retire(file.file, after: after, skipped: file.skipped, at: Date())
        } catch {
            logger.event(
                .ioError, .error, "could not retire an ingested file; it stays in work/ and is retired at the next start",
                ["source_file": "\(file.file)", "error": "\(error)"])
        }
    }

    /// Moves a file that cannot become an article to `failed/` with its reason.
    func reject(_ file: ClaimedFile, _ reason: RejectionError) {
        do {
            let kept = try inbox.reject(file, because: reason, history: nil, at: Date())
            logger.event(
                .rejected, .warning, "file rejected: \(reason.message)",
                ["source_file": "\(file)", "reason": "\(reason.reason)", "failed_as": "\(kept)"])
        } catch {
            logger.event(
                .rejected, .error, "file rejected but could not be moved to failed/; it stays in work/",
                ["source_file": "\(file)", "reason": "\(reason.reason)", "error": "\(error)"])
        }
        counters.failed(reason: reason.reason)
    }
}
