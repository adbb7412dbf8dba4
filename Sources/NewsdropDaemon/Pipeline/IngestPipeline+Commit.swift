import Foundation
import Logging
import NewsdropArchive
import NewsdropCore
import NewsdropInbox

extension IngestPipeline {
    /// Commits the batch's new records and applies what became of each (a shared archive decides
    /// again at commit: another instance may have been first). Returns the archive offset of
    /// each archived article by its index, or `nil` when shutdown interrupted the commit.
    func commit(_ decisions: inout Decisions) async -> [Int: UInt64]? {
        let fresh = decisions.fresh
        guard let placements = await appendDurably(fresh.map { decisions.articles[$0].record }) else { return nil }
        var offsets: [Int: UInt64] = [:]
        for (index, placement) in zip(fresh, placements) {
            offsets[index] = decisions.articles[index].decision.committed(placement)
            decisions.articles[index].decision.mark(&decisions.articles[index].record)
        }
        return offsets
    }

    /// Appends the new records durably, retrying with backoff while the archive fails. Returns
    /// `nil` when shutdown interrupts the retries: the files then stay in `work/` for the next start.
    func appendDurably(_ records: [ArticleRecord]) async -> [Placement]? {
        guard !records.isEmpty else { return [] }
        failpoints.applyWhileCommitting(records)
        var backoff = Backoff()
        while true {
            do {
                let started = ContinuousClock.now
                let placements = try await archive.appendDurably(records)
                counters.metrics.commitSeconds.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
                if let sync = await archive.lastSyncDuration() { counters.metrics.syncSeconds.recordNanoseconds(sync.nanoseconds) }
                var placed: [ArticleID: UInt64] = [:]
                var superseded: [ArticleID] = []
                for (record, placement) in zip(records, placements) {
                    if let position = placement.position { placed[record.id] = position } else { superseded.append(record.id) }
                }
                if !superseded.isEmpty { await dedup.release(superseded) }
                await dedup.committed(placed, archiveLength: await archive.durableLength())
                if counters.setDegraded(nil) {
                    logger.event(.recovered, .notice, "archive writes succeed again; intake resumed")
                }
                return placements
            } catch {
                let reason = "\(error)"
                if counters.setDegraded("archive write failed: \(reason)") {
                    logger.event(
                        .degraded, .error, "archive write failed; files wait in the spool and the write is retried",
                        ["error": "\(reason)", "archive": "\(settings.current.archiveDescription)"])
                }
                let delay = backoff.next()
                logger.event(.ioError, .warning, "archive append failed", ["error": "\(reason)", "retry_in": "\(delay)"])
                await betweenBatches()
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    await dedup.release(records.map(\.id))
                    return nil
                }
            }
        }
    }
}
