import Foundation
import Logging
import NewsdropCore
import NewsdropStore
import NewsdropSystemd

/// Compresses rotated segments and deletes the oldest beyond `rotate.keep`, forgetting their
/// articles in the dedup state.
struct SegmentJanitor: Sendable {
    let archivePath: String
    let dedup: LocalDedupIndex
    let settings: LiveSettings
    let logger: Logger

    /// Tidies what a stopped daemon left (segments not yet compressed, retention not yet
    /// applied), then each segment as it is rotated.
    func run(_ segments: AsyncStream<String>) async {
        let leftovers = ArchiveSegments(archivePath: archivePath).rotated().filter { !$0.hasSuffix(".gz") }
        if settings.current.rotation.compress {
            for segment in leftovers { compress(segment) }
        }
        if let keep = settings.current.rotation.keep { await prune(keeping: keep) }
        for await segment in segments {
            let policy = settings.current.rotation
            if policy.compress { compress(segment) }
            if let keep = policy.keep { await prune(keeping: keep) }
        }
    }

    private func compress(_ segment: String) {
        do {
            try Gzip.compress(segment)
        } catch {
            logger.event(
                .ioError, .error, "could not compress a segment; it stays uncompressed",
                ["segment": "\(segment)", "error": "\(error)"])
        }
    }

    func prune(keeping keep: Int) async {
        let segments = ArchiveSegments(archivePath: archivePath).rotated()
        for segment in segments.dropLast(keep) {
            var ids: [ArticleID] = []
            do {
                try ArchiveSegments.forEachLine(in: segment) { line in
                    if let id = RecordLine.id(in: line) { ids.append(id) }
                }
                try await dedup.forget(ids)
                try FileManager.default.removeItem(atPath: segment)
                logger.event(.segmentRemoved, .notice, "old segment removed", ["segment": "\(segment)", "records": "\(ids.count)"])
            } catch {
                logger.event(.ioError, .error, "could not remove an old segment", ["segment": "\(segment)", "error": "\(error)"])
            }
        }
    }
}
