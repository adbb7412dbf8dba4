import Dispatch
import Foundation
import NewsdropIO
import Testing

@Suite("Blocking system calls")
struct BlockingIOTests {
    @Test("give back what the call returns, and the error it throws")
    func resultAndError() async throws {
        #expect(try await BlockingIO.run { 42 } == 42)
        await #expect(throws: SystemError.self) {
            try await BlockingIO.run { () throws(SystemError) -> Int in throw SystemError("fdatasync", path: "/x", errno: EIO) }
        }
    }

    @Test("leave the cooperative pool free: with more calls blocked than there are cores, tasks still run")
    func offThePool() async throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let gate = DispatchSemaphore(value: 0)
        let released = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0...cores {
                group.addTask { try await BlockingIO.run { gate.wait(timeout: .now() + 10) == .success } }
            }
            // This task needs a thread of the pool: it gets one only if the calls above left them.
            group.addTask {
                for _ in 0...cores { gate.signal() }
                return true
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(released == Array(repeating: true, count: cores + 2))
    }
}
