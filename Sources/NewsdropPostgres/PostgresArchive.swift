import Foundation
import Logging
public import NewsdropArchive
public import NewsdropCore
import PostgresNIO

/// The archive as a PostgreSQL table shared by many newsdrop instances.
///
/// Each batch is one transaction. It first takes an advisory lock per table, so that appends from
/// every instance are serialized: within it, the batch is decided against everything committed
/// before (exact ids by query, near-duplicates by an in-memory SimHash index that each instance
/// keeps in step with the table), inserted with `ON CONFLICT (id) DO NOTHING` as a backstop, and
/// announced with `pg_notify`. Serial appends also make `seq` order commit order, so a reader
/// that pages by `seq` never skips a row that commits late. A batch of hundreds of records holds
/// the lock for a few milliseconds.
public actor PostgresArchive: ArchiveWriter {
    let backend: PostgresBackend
    /// The near-duplicate decision in force, read at each batch (a reload can change it).
    let nearDuplicates: @Sendable () -> NearDuplicateDecision
    /// The near-duplicate candidates: the table's articles long enough for near-duplicate
    /// detection, by `seq`.
    var near = CandidateIndex<Int64>()
    /// Every row up to this `seq` has been looked at for `near`.
    var lastSeen: Int64 = 0
    /// Rows committed up to `lastSeen`.
    var rowsSeen = 0
    /// The connection appends run on; see ``appendConnection()``.
    var connection: PostgresConnection?

    public init(
        backend: PostgresBackend,
        nearDuplicates: @escaping @Sendable () -> NearDuplicateDecision
    ) {
        self.backend = backend
        self.nearDuplicates = nearDuplicates
    }

    /// Brings the table to the current schema (see ``PostgresSchema``) and reads the
    /// fingerprints of every committed row; later batches catch up under the lock. Returns the
    /// schema version it found (0 when it created the table).
    public func prepare() async throws(PostgresError) -> Int {
        let table = backend.table
        let found = try await onAppendConnection(doing: "migrating table \(table)") { connection in
            try await PostgresSchema.migrate(table, on: connection, logger: self.backend.logger)
        }
        try await onAppendConnection(doing: "reading the table's fingerprints") { connection in
            try await self.catchUp(connection)
        }
        return found
    }

    /// Rows committed to the table up to the last batch (or load): the articles it holds.
    public func rowCount() -> Int { rowsSeen }

    /// Fingerprints held for near-duplicate detection.
    public func nearCount() -> Int { near.count }

    public func appendDurably(_ records: [ArticleRecord]) async throws -> [Placement] {
        guard !records.isEmpty else { return [] }
        let decision = nearDuplicates()
        let table = backend.table
        let (outcomes, inserted) = try await onAppendConnection(doing: "appending to table \(table)") { connection in
            try await connection.query("BEGIN", logger: self.backend.logger)
            do {
                let result = try await self.decideAndInsert(records, decision: decision, connection)
                try await connection.query("COMMIT", logger: self.backend.logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: self.backend.logger)
                throw error
            }
        }
        // Committed: file the new fingerprints, in seq order, and move past them.
        for (record, seq) in inserted.sorted(by: { $0.seq < $1.seq }) {
            if decision.rule.covers(wordCount: record.wordCount) { file(simhash: record.simhash, seq: seq) }
            lastSeen = max(lastSeen, seq)
        }
        rowsSeen += inserted.count
        let sequenceByID = Dictionary(inserted.map { ($0.record.id, $0.seq) }, uniquingKeysWith: { first, _ in first })
        return outcomes.map { outcome in
            switch outcome {
            case .superseded(let verdict):
                return .superseded(verdict)
            case .insert(let record):
                guard let seq = sequenceByID[record.id] else { return .superseded(.duplicate(of: record.id)) }
                if let original = record.nearDuplicateOf, let similarity = record.similarity {
                    return .archivedMarked(at: UInt64(seq), nearDuplicateOf: original, similarity: similarity)
                }
                return .archived(at: UInt64(seq))
            }
        }
    }

    /// The longest one batch's transaction may take, waiting for the lock included.
    static let transactionDeadline = Duration.seconds(15)

    /// The connection appends use, opened when there is none. Appends keep one connection of
    /// their own rather than one from the pool, so that a connection the server dropped is
    /// closed and replaced at once, and a server that is down fails within the connect timeout.
    private func appendConnection() async throws(PostgresError) -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        let fresh = try await backend.connect()
        connection = fresh
        return fresh
    }

    /// Runs `work` on the append connection within ``transactionDeadline``. Whatever the
    /// failure, the connection is closed, so that the next attempt starts on a new one.
    private func onAppendConnection<Result: Sendable>(
        doing: String, _ work: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws(PostgresError) -> Result {
        let connection = try await appendConnection()
        do {
            return try await backend.withDeadline(Self.transactionDeadline, closing: connection, doing: doing) {
                try await work(connection)
            }
        } catch {
            self.connection = nil
            try? await connection.close()
            throw PostgresError.wrapping(error, while: doing)
        }
    }

    /// Decides the batch under the table's lock and inserts the new records, in the open
    /// transaction; returns each record's outcome and the `seq` of each inserted one.
    private func decideAndInsert(
        _ records: [ArticleRecord], decision: NearDuplicateDecision, _ connection: PostgresConnection
    ) async throws -> ([BatchDecision.Outcome], [(record: ArticleRecord, seq: Int64)]) {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(backend.appendLock)))", logger: backend.logger)
        try await catchUp(connection)
        let batch = BatchDecision(
            decision: decision,
            existing: try await existingIDs(records.map(\.id), connection),
            candidates: try await candidates(for: records, decision: decision, connection))
        let outcomes = await batch.outcomes(records)
        let fresh = outcomes.compactMap { if case .insert(let record) = $0 { record } else { nil } }
        let sequences = try await insert(fresh, connection)
        if let last = sequences.values.max() {
            try await connection.query("SELECT pg_notify(\(backend.channel), \(String(last)))", logger: backend.logger)
        }
        return (outcomes, fresh.compactMap { record in sequences[record.id.description].map { (record, $0) } })
    }

    /// Closes the append connection; call once appends are over.
    public func close() async {
        try? await connection?.close()
        connection = nil
    }

    public func durableLength() async -> UInt64 { UInt64(max(0, lastSeen)) }

    private func file(simhash: UInt64, seq: Int64) {
        near.insert(simhash, at: seq)
    }

    /// Files the fingerprints of rows committed since `lastSeen`.
    private func catchUp(_ connection: PostgresConnection) async throws {
        let rule = nearDuplicates().rule
        let rows = try await connection.query(
            """
            SELECT seq, simhash, word_count FROM \(unescaped: backend.table) WHERE seq > \(lastSeen) ORDER BY seq
            """, logger: backend.logger)
        for try await (seq, simhash, words) in rows.decode((Int64, Int64, Int).self) {
            if rule.covers(wordCount: words) { file(simhash: UInt64(bitPattern: simhash), seq: seq) }
            lastSeen = seq
            rowsSeen += 1
        }
    }

    private func existingIDs(_ ids: [ArticleID], _ connection: PostgresConnection) async throws -> Set<ArticleID> {
        let rows = try await connection.query(
            """
            SELECT id FROM \(unescaped: backend.table) WHERE id = ANY(\(ids.map(\.description)))
            """, logger: backend.logger)
        var found: Set<ArticleID> = []
        for try await id in rows.decode(String.self) {
            if let id = ArticleID(hex: id) { found.insert(id) }
        }
        return found
    }

    /// Each record's candidates in the table, nearest first, with their shingles read back from
    /// the stored records.
    private func candidates(
        for records: [ArticleRecord], decision: NearDuplicateDecision, _ connection: PostgresConnection
    ) async throws -> [[(distance: Int, archived: BatchDecision.Archived)]] {
        let wanted: [[(distance: Int, seq: Int64)]] = records.map { record in
            guard decision.applies(to: record) else { return [] }
            return near.candidates(near: record.simhash).prefix(NearDuplicateRule.verificationLimit).map { ($0.distance, $0.position) }
        }
        let sequences = Array(Set(wanted.flatMap { $0.map(\.seq) }))
        guard !sequences.isEmpty else { return records.map { _ in [] } }
        let rows = try await connection.query(
            """
            SELECT seq, record::text FROM \(unescaped: backend.table) WHERE seq = ANY(\(sequences))
            """, logger: backend.logger)
        var archived: [Int64: BatchDecision.Archived] = [:]
        for try await (seq, text) in rows.decode((Int64, String).self) {
            let line = Array(text.utf8)
            guard let id = line.withUnsafeBufferPointer(RecordLine.id(in:)), let canonical = RecordLine.canonicalText(in: line) else {
                continue
            }
            archived[seq] = BatchDecision.Archived(id: id, shingles: Shingles(canonicalText: canonical))
        }
        return wanted.map { list in list.compactMap { item in archived[item.seq].map { (item.distance, $0) } } }
    }

    /// Inserts the records in order; returns the `seq` of each inserted one, by id.
    private func insert(_ records: [ArticleRecord], _ connection: PostgresConnection) async throws -> [String: Int64] {
        guard !records.isEmpty else { return [:] }
        let ids = records.map(\.id.description)
        let lines = records.map { $0.jsonLine() }
        let dates = records.map { $0.datePublished?.description ?? "" }
        let languages = records.map { $0.language ?? "" }
        let sources = records.map { $0.sourceName ?? "" }
        let words = records.map { Int32(clamping: $0.wordCount) }
        let simhashes = records.map { Int64(bitPattern: $0.simhash) }
        let rows = try await connection.query(
            """
            INSERT INTO \(unescaped: backend.table) (id, record, date_published, language, source, word_count, simhash)
            SELECT id, record::jsonb, NULLIF(date_published, ''), NULLIF(language, ''), NULLIF(source, ''), word_count, simhash
            FROM unnest(\(ids)::text[], \(lines)::text[], \(dates)::text[], \(languages)::text[], \(sources)::text[],
                        \(words)::int4[], \(simhashes)::int8[])
                 WITH ORDINALITY AS batch(id, record, date_published, language, source, word_count, simhash, position)
            ORDER BY position
            ON CONFLICT (id) DO NOTHING
            RETURNING id, seq
            """, logger: backend.logger)
        var sequences: [String: Int64] = [:]
        for try await (id, seq) in rows.decode((String, Int64).self) { sequences[id] = seq }
        return sequences
    }
}
