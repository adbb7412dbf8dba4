import Foundation
public import NewsdropCore
import PostgresNIO

/// `newsdrop verify` on the shared table: every row's record valid against the schema, its id the
/// hash of its canonical text and unique, and the columns dedup and queries use (id, simhash,
/// date, language, source, word count) in agreement with the record they were taken from.
public struct PostgresVerifier: Sendable {
    public let backend: PostgresBackend
    public var pageSize = 1000

    /// One thing wrong with the row numbered `seq`.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var seq: Int64
        public var message: String
        public var description: String { "seq \(seq): \(message)" }
    }

    /// What a verification found.
    public struct Report: Sendable {
        public var records = 0
        public var problems: [Problem] = []
    }

    public init(backend: PostgresBackend) {
        self.backend = backend
    }

    /// Reads the whole table in `seq` order; `progress` is called after each row.
    public func run(progress: (Int) -> Void = { _ in }) async throws(PostgresError) -> Report {
        var report = Report()
        var seen: Set<String> = []
        var last: Int64 = 0
        while true {
            let rows = try await page(after: last)
            guard let end = rows.last?.seq else { return report }
            for row in rows {
                report.records += 1
                for message in Self.problems(in: row, seen: &seen) {
                    report.problems.append(Problem(seq: row.seq, message: message))
                }
                progress(report.records)
            }
            last = end
        }
    }

    /// A row as stored: the record and the columns taken from it.
    struct StoredRow {
        var seq: Int64
        var id: String
        var record: String
        var datePublished: String?
        var language: String?
        var source: String?
        var wordCount: Int32
        var simhash: Int64
    }

    private func page(after seq: Int64) async throws(PostgresError) -> [StoredRow] {
        do {
            let rows = try await backend.client.query(
                """
                SELECT seq, id, record::text, date_published, language, source, word_count, simhash
                FROM \(unescaped: backend.table) WHERE seq > \(seq) ORDER BY seq LIMIT \(pageSize)
                """)
            var result: [StoredRow] = []
            for try await row in rows.decode((Int64, String, String, String?, String?, String?, Int32, Int64).self) {
                result.append(
                    StoredRow(
                        seq: row.0, id: row.1, record: row.2, datePublished: row.3, language: row.4,
                        source: row.5, wordCount: row.6, simhash: row.7))
            }
            return result
        } catch {
            throw PostgresError.wrapping(error, while: "verifying table \(backend.table)")
        }
    }

    /// What is wrong with one row; `seen` collects the ids read so far.
    static func problems(in row: StoredRow, seen: inout Set<String>) -> [String] {
        guard let record = JSONValue(parsing: Data(row.record.utf8)), let fields = record.object else {
            return ["the record is not a JSON object"]
        }
        var problems = RecordValidator.problems(in: record)
        let id = fields["id"]?.string
        if id != row.id { problems.append("column id \(row.id) differs from the record's id \(id ?? "null")") }
        if !seen.insert(row.id).inserted { problems.append("id \(row.id) repeats an earlier row") }
        let simhash = fields["simhash"]?.string.flatMap { UInt64($0, radix: 16) }.map { Int64(bitPattern: $0) }
        if simhash != row.simhash { problems.append("column simhash differs from the record's simhash") }
        let columns: [(String, String?, String)] = [
            ("date_published", row.datePublished, "date_published"), ("language", row.language, "language"),
            ("source", row.source, "source_name"),
        ]
        for (column, stored, key) in columns where stored != fields[key]?.string {
            problems.append("column \(column) \(stored ?? "null") differs from the record's \(key) \(fields[key]?.string ?? "null")")
        }
        if fields["word_count"]?.integer.map({ Int32(clamping: $0) }) != row.wordCount {
            problems.append("column word_count \(row.wordCount) differs from the record's word_count")
        }
        return problems
    }
}
