import Benchmark
import NewsdropCore

/// Lookup time and memory of the near-duplicate candidate index at 100k and 1M archived
/// articles. Lookup time must stay flat as the archive grows; memory must stay within 64 bytes
/// per article (8 of them for the archive offset the store keeps beside each fingerprint).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(5))

    for size in [100_000, 1_000_000] {
        // Fingerprints from a fixed generator: the same index on every run.
        var state: UInt64 = 42
        var index = SimHashIndex()
        for _ in 0..<size {
            state = StableHash.mix(state)
            index.insert(state)
        }
        let queries = (0..<1024).map { number -> UInt64 in
            // Half are near a stored fingerprint (a few bits flipped), half are new.
            let stored = index.fingerprints[Int(StableHash.mix(UInt64(number)) % UInt64(size))]
            return number % 2 == 0 ? stored ^ 0b1010_0000_0001 : StableHash.mix(UInt64(number) &+ 0xFEED)
        }
        let bytesPerArticle = index.memoryBytes / size + 8
        let box = IndexBox(index: index)
        Benchmark("candidate lookup, \(size / 1000)k articles (\(bytesPerArticle) bytes/article)",
                  configuration: .init(metrics: [.wallClock, .throughput], timeUnits: .microseconds, maxDuration: .seconds(5))) { benchmark in
            var found = 0
            for query in benchmark.scaledIterations.lazy.map({ queries[$0 % queries.count] }) {
                found &+= box.index.candidates(near: query, radius: SimHashIndex.maximumRadius).count
            }
            blackHole(found)
        }
    }
}

/// Holds the index for the benchmark closures.
final class IndexBox: Sendable {
    let index: SimHashIndex
    init(index: SimHashIndex) { self.index = index }
}
