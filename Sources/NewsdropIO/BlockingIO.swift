import Dispatch

/// Runs system calls that block for milliseconds (`fdatasync`, `fsync`) off Swift's cooperative
/// thread pool, which has one thread per core: a thread parked there in a sync would leave that
/// core idle while parsing work waits.
package enum BlockingIO {
    private static let queue = DispatchQueue(label: "newsdrop.blocking-io", attributes: .concurrent)

    /// Runs `body` on a thread outside the cooperative pool and returns what it returns.
    package static func run<Value: Sendable>(
        _ body: @escaping @Sendable () throws(SystemError) -> Value
    ) async throws(SystemError) -> Value {
        let result: Result<Value, SystemError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(SystemError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
