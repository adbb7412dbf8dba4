import ArgumentParser
import Foundation
import Logging
import NewsdropCore
import NewsdropStore

/// `newsdrop similar`: runs files through the dedup stage and says which ones it would drop.
struct SimilarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Show which of the given files are duplicates or near-duplicates of earlier ones.",
        discussion: """
            Feeds the files, in the order given, through the same exact and near-duplicate stage \
            as `newsdrop run` (with a temporary archive), and prints one JSON line per file that \
            would be dropped: {"file", "duplicate_of", "kind": "exact"|"near", "similarity"}. \
            Nothing is archived. Use it to tune near_duplicate_threshold, or to evaluate the \
            stage (scripts/near-dup-eval).

            Example:
              newsdrop similar --threshold 0.7 inbox/*.txt
            """
    )

    @Option(
        name: .long, help: ArgumentHelp("The least Jaccard similarity of word 3-shingles for a near-duplicate.", valueName: "similarity"))
    var threshold: Double = NearDuplicateRule().threshold

    @Argument(help: ArgumentHelp("The article files, oldest first.", valueName: "file"))
    var files: [String]

    func validate() throws {
        guard threshold > 0, threshold <= 1 else { throw ValidationError("--threshold must be above 0 and at most 1") }
    }

    func run() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("newsdrop-similar-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let archive = try ArchiveFile(path: scratch.appendingPathComponent("archive.jsonl").path)
        let decision = NearDuplicateDecision(policy: .drop, rule: NearDuplicateRule(threshold: threshold))
        let index = try await LocalDedupIndex(
            stateDirectory: scratch.appendingPathComponent("state").path, archive: archive, nearDuplicates: { decision },
            logger: Logger(label: "similar"))
        let parser = ArticleParser()
        var fileByID: [ArticleID: String] = [:]
        var unreadable = false
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                printError("newsdrop: \(path): cannot read the file")
                unreadable = true
                continue
            }
            guard let record = try? parser.parse(Array(data), file: FileFacts(name: path, modified: Date()), now: Date()) else {
                continue
            }
            switch await index.claim(record) {
            case .new:
                let offsets = try await archive.appendLinesDurably([record.jsonBytes()])
                await index.committed([record.id: offsets[0]], archiveLength: await archive.durableLength())
                fileByID[record.id] = path
            case .duplicate(let original):
                report(path, original: fileByID[original], kind: "exact", similarity: 1)
            case .nearDuplicate(let original, let similarity):
                report(path, original: fileByID[original], kind: "near", similarity: similarity)
            }
        }
        if unreadable { throw ExitStatus.noInput.code }
    }

    private func report(_ path: String, original: String?, kind: String, similarity: Double) {
        var json = JSONWriter()
        json.beginObject()
        json.key("file")
        json.string(path)
        json.key("duplicate_of")
        json.string(original)
        json.key("kind")
        json.string(kind)
        json.key("similarity")
        json.value(.number((similarity * 10_000).rounded() / 10_000))
        json.endObject()
        print(String(decoding: json.bytes, as: UTF8.self))
    }
}
