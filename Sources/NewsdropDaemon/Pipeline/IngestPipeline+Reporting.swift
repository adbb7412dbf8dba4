import Foundation
import Logging
import NewsdropArchive
import NewsdropCore
import NewsdropInbox

extension IngestPipeline {
    /// Logs an article's verdict: `debug` events, built only when that level is logged.
    func report(_ item: DecidedArticle, offset: UInt64?) {
        guard logger.logLevel <= .debug else { return }
        switch item.decision.verdict {
        case .duplicate(let original):
            logger.event(.duplicate, .debug, "duplicate skipped", ["source_file": "\(item.file)", "duplicate_of": "\(original)"])
        case .nearDuplicate(let original, let similarity) where !item.isArchived:
            logger.event(
                .nearDuplicate, .debug, "near-duplicate skipped",
                [
                    "source_file": "\(item.file)", "duplicate_of": "\(original)", "similarity": "\(Self.rounded(similarity))",
                ])
        case .new, .nearDuplicate:
            var metadata: Logger.Metadata = [
                "source_file": "\(item.file)", "article_id": "\(item.record.id)",
                "archive_offset": "\(offset ?? 0)", "input_format": "\(item.record.inputFormat.rawValue)",
            ]
            if let index = item.record.sourceFile.item { metadata["item"] = "\(index)" }
            if let original = item.record.nearDuplicateOf, let similarity = item.record.similarity {
                metadata["duplicate_of"] = "\(original)"
                metadata["similarity"] = "\(Self.rounded(similarity))"
            }
            logger.event(.ingested, .debug, "article ingested", metadata)
        }
    }

    /// A similarity to four decimals, as records give it.
    static func rounded(_ similarity: Double) -> Double {
        (similarity * 10_000).rounded() / 10_000
    }
}
