import Synchronization

/// A reload asked for by SIGHUP, carried out by the pipeline between batches.
final class ReloadRequest: Sendable {
    private let pending = Atomic(false)

    func request() { pending.store(true, ordering: .sequentiallyConsistent) }

    /// True once per request.
    func take() -> Bool { pending.exchange(false, ordering: .sequentiallyConsistent) }
}
