import Foundation
import NewsdropDaemon
import NewsdropPostgres
#if canImport(Glibc)
import Glibc
#endif

extension TailCommand {
    /// `tail` on the shared table: the same lines as from a file, in commit order.
    func tailTable(settings: Settings, output: RecordOutput) async throws {
        let (fromStart, follow, count) = (self.fromStart || allSegments, self.follow, lines)
        do {
            try await CommandSupport.withPostgres(settings) { backend in
                let reader = PostgresRecordReader(backend: backend)
                let end = fromStart
                    ? try await reader.forEach(after: 0) { try $0.line.withUnsafeBufferPointer(output.emit) }
                    : try await Self.printLatest(count, from: reader, output: output)
                guard follow else { return }
                // Following waits on notifications; a reader that went away is noticed meanwhile.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await reader.follow(after: end) { try $0.line.withUnsafeBufferPointer(output.emit) } }
                    group.addTask {
                        while !Self.outputClosed() { try await Task.sleep(for: .milliseconds(200)) }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
        } catch is ClosedPipe {
            return
        }
    }

    /// Prints the last `count` records that pass the filter; returns the `seq` following starts
    /// after.
    static func printLatest(_ count: Int, from reader: PostgresRecordReader, output: RecordOutput) async throws -> Int64 {
        let end = try await reader.lastSequence()
        var latest: [[UInt8]] = []
        var cursor = end + 1
        while latest.count < count {
            let rows = try await reader.page(before: cursor)
            guard let oldest = rows.last else { break }
            for row in rows where latest.count < count && row.line.withUnsafeBufferPointer(output.passes) {
                latest.append(row.line)
            }
            cursor = oldest.seq
        }
        for line in latest.reversed() { try line.withUnsafeBufferPointer(output.emit) }
        return end
    }
}
