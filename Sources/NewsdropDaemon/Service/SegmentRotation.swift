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
