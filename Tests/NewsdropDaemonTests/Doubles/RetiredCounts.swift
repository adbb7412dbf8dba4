import Synchronization

/// Values collected from a `@Sendable` callback.
final class RetiredCounts: Sendable {
    private let storage = Mutex<[Int]>([])
    func append(_ value: Int) { storage.withLock { $0.append(value) } }
    var values: [Int] { storage.withLock { $0 } }
}
