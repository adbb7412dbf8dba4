import Foundation
import Logging
import NewsdropCore
import PostgresNIO
import Synchronization

/// Reads the shared archive in `seq` order, as the same JSON Lines the file archive holds.
///
/// Pages are fetched by keyset (`seq > last ORDER BY seq LIMIT n`); following waits on
/// `LISTEN` for the `pg_notify` each committed batch sends, and reads the new pages. Appends are
/// serialized (see ``PostgresArchive``), so `seq` order is commit order and no row is skipped.
public struct PostgresRecordReader: Sendable {
    let backend: PostgresBackend
    /// Rows fetched per query.
    public var pageSize = 1000

    public init(backend: PostgresBackend) {
        self.backend = backend
    }

    /// One stored record: its `seq` and its archive line (without the newline).
    public typealias Row = (seq: Int64, line: [UInt8])

    /// Rows after `seq`, oldest first, at most ``pageSize``.
    public func page(after seq: Int64) async throws(PostgresError) -> [Row] {
        try await rows(
            """
            SELECT seq, record::text FROM \(unescaped: backend.table) WHERE seq > \(seq) ORDER BY seq LIMIT \(pageSize)
            """)
    }

    /// Rows before `seq`, newest first, at most ``pageSize``.
    public func page(before seq: Int64) async throws(PostgresError) -> [Row] {
        try await rows(
            """
            SELECT seq, record::text FROM \(unescaped: backend.table) WHERE seq < \(seq) ORDER BY seq DESC LIMIT \(pageSize)
            """)
    }

    /// The newest row's `seq` (0 for an empty table).
    public func lastSequence() async throws(PostgresError) -> Int64 {
        do {
            let rows = try await backend.client.query("SELECT coalesce(max(seq), 0) FROM \(unescaped: backend.table)")
            for try await seq in rows.decode(Int64.self) { return seq }
            return 0
        } catch {
            throw PostgresError.wrapping(error, while: "reading table \(backend.table)")
        }
    }

    /// Hands every row after `seq` to `body`, oldest first; returns the last `seq` handed over.
    @discardableResult
    public func forEach(after seq: Int64, _ body: (Row) throws -> Void) async throws -> Int64 {
        var last = seq
        while true {
            let rows = try await page(after: last)
            for row in rows { try body(row) }
            guard let end = rows.last?.seq else { return last }
            last = end
        }
    }

    /// Hands every row after `seq` to `body` and then each new one as it is committed, until the
    /// task is cancelled or `body` throws. Each listening session lasts at most
    /// ``sessionLength``, then starts again from the last row handed over: a connection that
    /// died quietly (the server restarted) is replaced, and while the server is away the reader
    /// waits for it.
    public func follow(after seq: Int64, _ body: @escaping @Sendable (Row) throws -> Void) async throws {
        let last = Position(seq)
        let channel = backend.channel
        while !Task.isCancelled {
            do {
                _ = try await backend.withConnection(deadline: Self.sessionLength, doing: "following table \(backend.table)") {
                    connection in
                    try await connection.listen(on: channel) { notifications in
                        // Listening before reading: a batch committed meanwhile is read now or notified.
                        try await catchUp(from: last, body)
                        for try await _ in notifications { try await catchUp(from: last, body) }
                    }
                    return true
                }
            } catch let error as PostgresError where error.isConfiguration {
                throw error
            } catch is CancellationError {
                return
            } catch let error where error is PostgresError || error is PSQLError {
                // The session ended or the server is away: start another shortly.
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// The longest one listening session lasts.
    static let sessionLength = Duration.seconds(30)

    private func catchUp(from last: Position, _ body: (Row) throws -> Void) async throws {
        let end = try await forEach(after: last.seq.withLock { $0 }, body)
        last.seq.withLock { $0 = end }
    }

    /// The last `seq` handed over, shared by the listening sessions.
    private final class Position: Sendable {
        let seq: Mutex<Int64>

        init(_ seq: Int64) {
            self.seq = Mutex(seq)
        }
    }

    private func rows(_ query: PostgresQuery) async throws(PostgresError) -> [Row] {
        do {
            let rows = try await backend.client.query(query)
            var result: [Row] = []
            for try await (seq, text) in rows.decode((Int64, String).self) {
                result.append((seq, Self.line(fromStored: text)))
            }
            return result
        } catch {
            throw PostgresError.wrapping(error, while: "reading table \(backend.table)")
        }
    }

    /// The archive line for a record read back from `jsonb`.
    static func line(fromStored text: String) -> [UInt8] {
        guard let object = JSONValue(parsing: Data(text.utf8))?.object else { return Array(text.utf8) }
        return ArticleRecord.archiveLine(of: object)
    }
}
