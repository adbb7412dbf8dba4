import Foundation
import NewsdropDaemon
import NewsdropPostgres
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

extension TailCommand {
    /// `tail` on the shared table: the same lines as from a file, in commit order. A cursor is the
    /// `seq` of the last row read.
    func tailTable(settings: Settings, output: RecordOutput, cursor: CursorFile?, saved: CursorFile.Place?) async throws {
        let (fromStart, follow, count, cursorMissing) = (self.fromStart || allSegments, self.follow, lines, self.cursorMissing)
        let savedSequence: Int64?
        switch saved {
        case .archive?:
            printError(
                "newsdrop: the cursor in \(cursor?.path ?? "") is for an archive file, and these settings read PostgreSQL (backend: postgres)"
            )
            throw ExitStatus.config.code
        case .table(let sequence)?: savedSequence = sequence
        case nil: savedSequence = nil
        }
        let read = ReadSequence()
        do {
            try await CommandSupport.withPostgres(settings) { backend in
                let reader = PostgresRecordReader(backend: backend)
                let last = try await reader.lastSequence()
                var resumeAfter = savedSequence
                if let after = resumeAfter, after > last {
                    // The table holds fewer rows than the cursor has read: it was emptied or replaced.
                    switch cursorMissing {
                    case nil:
                        printError(
                            """
                            newsdrop: the cursor in \(cursor?.path ?? "") is at row \(after), past the table's last row \(last); \
                            pass --cursor-missing oldest or newest to go on, or remove the cursor file
                            """)
                        throw ExitStatus.config.code
                    case .oldest?: resumeAfter = 0
                    case .newest?: resumeAfter = last
                    }
                }
                let emit: @Sendable (PostgresRecordReader.Row) throws -> Void = { row in
                    if TailCommand.stopRequested.load(ordering: .relaxed) { throw Stopped() }
                    try row.line.withUnsafeBufferPointer(output.emit)
                    read.sequence.store(row.seq, ordering: .relaxed)
                }
                let end =
                    if let after = resumeAfter {
                        try await reader.forEach(after: after, emit)
                    } else if fromStart {
                        try await reader.forEach(after: 0, emit)
                    } else {
                        try await Self.printLatest(count, from: reader, output: output)
                    }
                read.sequence.store(end, ordering: .relaxed)
                try read.save(to: cursor)
                guard follow else { return }
                // Following waits on notifications; a reader that went away, a stop and the
                // cursor's saves are seen to meanwhile.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await reader.follow(after: end, emit) }
                    group.addTask {
                        while !Self.outputClosed(), !TailCommand.stopRequested.load(ordering: .relaxed) {
                            try read.save(to: cursor)
                            try await Task.sleep(for: .milliseconds(100))
                        }
                    }
                    defer { group.cancelAll() }
                    try await group.next()
                }
            }
        } catch is ClosedPipe {
        } catch is Stopped {
        }
        try read.save(to: cursor)
    }

    /// The `seq` of the last row read, and the last one saved to the cursor file.
    final class ReadSequence: Sendable {
        let sequence = Atomic<Int64>(-1)
        private let saved = Mutex<Int64>(-1)

        /// Saves the cursor when it moved since the last save.
        func save(to cursor: CursorFile?) throws {
            let current = sequence.load(ordering: .relaxed)
            guard let cursor, current >= 0 else { return }
            try saved.withLock { saved in
                guard saved != current else { return }
                try cursor.save(.table(sequence: current))
                saved = current
            }
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
