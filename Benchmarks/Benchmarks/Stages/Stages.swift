import Benchmark
import Foundation
import NewsdropCore
import NewsdropStore

/// The cost of each stage an article goes through, per article: parsing each input format,
/// canonicalizing, and fingerprinting (shingles and SimHash). Inputs come from the shared
/// corpus (`../../shared/corpus` from this package), built into each format the same way.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .nanoseconds,
                                           maxDuration: .seconds(3))
    let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus")
    let pages = corpus.appendingPathComponent("html-benchmark/html")
    guard let article = try? String(contentsOf: corpus.appendingPathComponent("bbc/business/001.txt"), encoding: .utf8),
          let pageName = (try? FileManager.default.contentsOfDirectory(atPath: pages.path))?.sorted().first
    else {
        fatalError("the shared corpus was not found at \(corpus.path)")
    }
    var html: [UInt8] = []
    try? Gzip.decompress(pages.appendingPathComponent(pageName).path) { html.append(contentsOf: $0) }
    let lines = article.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    let title = lines[0]
    let body = lines.dropFirst().joined(separator: "\n\n")
    let escaped = body.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\n", with: "\\n")
    let inputs: [(String, [UInt8])] = [
        ("plain text (headline layout)", Array(article.utf8)),
        ("Markdown with front matter", Array("---\ntitle: \"\(title)\"\ndate: 2025-09-04\n---\n\n\(body)\n".utf8)),
        ("JSON (news-please)", Array(#"{"title": "\#(title)", "maintext": "\#(escaped)", "date_publish": "2025-09-04 10:00:00"}"#.utf8)),
        ("RSS item", Array("<rss version=\"2.0\"><channel><title>N</title><item><title>\(title)</title><description><![CDATA[<p>\(body.replacingOccurrences(of: "\n\n", with: "</p><p>"))</p>]]></description></item></channel></rss>".utf8)),
        ("HTML page (a \(html.count / 1024) KB benchmark page)", html),
    ]
    let parser = ArticleParser()
    let facts = FileFacts(name: "input", modified: Date(timeIntervalSince1970: 1_800_000_000))
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    for (name, bytes) in inputs {
        Benchmark("parse: \(name)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? parser.parseAll(bytes, file: facts, now: now))
            }
        }
    }
    if let record = try? parser.parse(inputs[0].1, file: facts, now: now) {
        Benchmark("JSON line of a BBC article's record") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(record.jsonBytes()) }
        }
    }
    Benchmark("canonicalize a BBC article") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(CanonicalText.canonicalize(article)) }
    }
    Benchmark("word count of a BBC article") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(ArticleParser.wordCount(article)) }
    }
    let ukrainianFolder = corpus.appendingPathComponent("uk-press")
    if let name = (try? FileManager.default.contentsOfDirectory(atPath: ukrainianFolder.path))?.sorted().first,
       let ukrainian = try? String(contentsOf: ukrainianFolder.appendingPathComponent(name), encoding: .utf8) {
        Benchmark("canonicalize a Ukrainian article") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(CanonicalText.canonicalize(ukrainian)) }
        }
    }
    let canonical = CanonicalText.canonicalize(article)
    Benchmark("shingles and SimHash of a BBC article") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Shingles(canonicalText: canonical).simHash) }
    }
    Benchmark("SimHash of a BBC article in one pass (the ingest path)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Shingles.simHash(canonicalText: canonical)) }
    }
}
