import Foundation

/// Makes distinct articles from random mixes of sentences of the shared BBC corpus, so that no two
/// are near-duplicates of each other. The same seed gives the same articles.
public struct ArticleGenerator {
    private var state: UInt64
    private let sentences: [String]

    public init(seed: UInt64) throws {
        state = seed
        var sentences: [String] = []
        for topic in ["business", "politics", "tech"] {
            let folder = TestPaths.corpusFile("bbc/\(topic)")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().prefix(60) {
                let text = String(decoding: try Data(contentsOf: folder.appendingPathComponent(name)), as: UTF8.self)
                for paragraph in text.split(separator: "\n").dropFirst() {
                    sentences += paragraph.split(separator: ". ").map { $0.trimmingCharacters(in: .whitespaces) }
                        .filter { $0.count > 40 && !$0.contains("\u{FFFD}") }
                }
            }
        }
        self.sentences = sentences
    }

    /// A pseudo-random number (SplitMix64): tests must not depend on the process's random seed.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// Article `number`: a headline, then three paragraphs of three random sentences each.
    public mutating func article(_ number: Int) -> String {
        var text = "Report \(number) from the wire desk\n\n"
        for paragraph in 0..<3 {
            var parts: [String] = []
            for _ in 0..<3 { parts.append(sentences[next(below: sentences.count)]) }
            if paragraph == 0 { parts.insert("Dispatch number \(number)", at: 0) }
            text += parts.joined(separator: ". ") + ".\n\n"
        }
        return text
    }
}
