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

    func run(_ segments: AsyncStream<String>) async {
        for await segment in segments {
            let policy = settings.current.rotation
            if policy.compress {
                do {
                    try Gzip.compress(segment)
                } catch {
                    logger.event(.ioError, .error, "could not compress a segment; it stays uncompressed",
                                 ["segment": "\(segment)", "error": "\(error)"])
                }
            }
            if let keep = policy.keep { await prune(keeping: keep) }
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
