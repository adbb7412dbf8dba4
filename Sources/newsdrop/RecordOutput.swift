import Foundation
import NewsdropCore

#if canImport(Glibc)
    import Glibc
#endif

/// Standard output was closed by its reader (`newsdrop tail -f | head`).
struct ClosedPipe: Error {}

/// Filters records and writes them, one `write` per record.
struct RecordOutput: Sendable {
    let filter: RecordFilter
    let format: OutputFormat

    func passes(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !filter.isEmpty else { return true }
        return decoded(line) != nil
    }

    /// The record when it passes the filter; decoded once, and only when a filter or the text
    /// format needs its fields.
    private func decoded(_ line: UnsafeBufferPointer<UInt8>) -> [String: JSONValue]? {
        guard let record = JSONValue(parsing: Data(line))?.object, filter.isEmpty || filter.matches(record) else { return nil }
        return record
    }

    func emit(_ line: UnsafeBufferPointer<UInt8>) throws {
        var bytes: [UInt8]
        switch format {
        case .json:
            guard passes(line) else { return }
            bytes = Array(line) + [UInt8(ascii: "\n")]
        case .text:
            guard let record = decoded(line) else { return }
            bytes = Array(RecordText.format(record).utf8)
        }
        var done = 0
        while done < bytes.count {
            let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress! + done, $0.count - done) }
            if written < 0 {
                if errno == EINTR { continue }
                throw ClosedPipe()
            }
            done += written
        }
    }
}
