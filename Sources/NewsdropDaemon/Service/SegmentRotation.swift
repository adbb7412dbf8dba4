import Foundation
import Logging
import NewsdropCore
import NewsdropStore
import NewsdropSystemd

/// Built-in rotation: between batches, rotates the archive into a segment when it is due, then
/// hands the segment to the janitor, which compresses it and applies retention off the pipeline.
struct SegmentRotation: Sendable {
    let archive: ArchiveFile
    let dedup: LocalDedupIndex
    let settings: LiveSettings
    let logger: Logger
    let rotated: AsyncStream<String>.Continuation

    func rotateIfDue() async {
        let policy = settings.current.rotation
        guard policy.isEnabled else { return }
        let length = await archive.durableLength()
        guard policy.isDue(length: length, startedAt: await archive.startedAt, now: Date()) else { return }
        let segment = ArchiveSegments(archivePath: archive.path).newSegmentPath(at: Date())
        do {
            try await archive.rotate(to: segment)
            try await dedup.follow(archive)
            logger.event(.rotated, .info, "archive rotated into a segment", ["segment": "\(segment)", "segment_bytes": "\(length)"])
            rotated.yield(segment)
        } catch {
            logger.event(.ioError, .error, "archive rotation failed; appending to the current file", ["error": "\(error)"])
        }
    }
}

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
