import CCrashEvidence
package import NewsdropInbox

/// The parses in progress, one slot per thread that parses: the file each thread is parsing,
/// published with plain stores into a preallocated table (no lock, no allocation), so that the
/// fatal-signal handler can name the file of a crashing thread and the hang watch the file of an
/// overdue parse.
package enum ParseSlots {
    /// One parse in progress: its slot and the instant it began, which together identify it.
    package struct Running: Sendable, Hashable {
        package var slot: Int32
        /// `CLOCK_MONOTONIC` nanoseconds.
        package var started: UInt64

        /// How long it has run at `now` (``ParseSlots/now``).
        package func elapsed(at now: UInt64) -> Duration {
            .nanoseconds(Int64(truncatingIfNeeded: now &- started))
        }

        /// The claimed file being parsed; `nil` once this parse has ended.
        package var file: ClaimedFile? {
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(NEWSDROP_CLAIM_LINE_MAX)) { line in
                let length = newsdrop_parse_line(slot, started, line.baseAddress, line.count)
                guard length > 0 else { return nil }
                return ClaimedFile(line: String(decoding: UnsafeRawBufferPointer(start: line.baseAddress, count: length), as: UTF8.self))
            }
        }
    }

    /// Runs `body`, the parse of `file`, with the file published in the calling thread's slot.
    /// `body` must not suspend: the slot belongs to the thread, not to the task.
    package static func parsing<Result>(_ file: ClaimedFile, _ body: () -> Result) -> Result {
        file.workName.bytes.withUnsafeBufferPointer { name in
            newsdrop_parse_begin(file.inode, UInt64(file.size), name.baseAddress, name.count)
        }
        defer { newsdrop_parse_end() }
        return body()
    }

    /// The parses in progress now, in slot order.
    package static func running() -> [Running] {
        withUnsafeTemporaryAllocation(of: newsdrop_running_parse.self, capacity: Int(NEWSDROP_PARSE_SLOTS)) { buffer in
            let count = Int(newsdrop_parses_running(buffer.baseAddress, Int32(buffer.count)))
            return buffer[..<count].map { Running(slot: $0.slot, started: $0.started) }
        }
    }

    /// The clock of ``Running/started``.
    package static var now: UInt64 { newsdrop_monotonic_nanoseconds() }
}
