import Logging
import PostgresNIO

/// The tables newsdrop creates and upgrades itself.
///
/// Migrations run in one transaction under a transaction-level advisory lock, so instances that
/// start together apply them once: the first takes the lock and creates the table, the others
/// wait for it, then find the version current and change nothing. `newsdrop_schema` records each
/// table's version.
public enum PostgresSchema {
    /// The version this newsdrop creates and reads.
    public static let version = 1

    /// Brings `table` to ``version`` on `connection`; returns the version it found (0 when the
    /// table was missing).
    static func migrate(_ table: String, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('newsdrop:migrate'))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS newsdrop_schema (table_name text PRIMARY KEY, version integer NOT NULL)
                """, logger: logger)
            let rows = try await connection.query(
                "SELECT version FROM newsdrop_schema WHERE table_name = \(table)", logger: logger)
            var found = 0
            for try await version in rows.decode(Int.self) { found = version }
            if found > version { throw PostgresError.newerSchema(found, known: version) }
            for step in steps(table).dropFirst(found) {
                for statement in step {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
            }
            if found < version {
                try await connection.query(
                    """
                    INSERT INTO newsdrop_schema (table_name, version) VALUES (\(table), \(version))
                    ON CONFLICT (table_name) DO UPDATE SET version = excluded.version
                    """, logger: logger)
            }
            return found
        }
    }

    /// The statements of each version, in order; `table` is a checked identifier.
    static func steps(_ table: String) -> [[String]] {
        [
            // 1: the records, with columns to select and order by, and the fingerprint dedup needs.
            [
                """
                CREATE TABLE \(table) (
                    seq bigserial PRIMARY KEY,
                    id text NOT NULL CONSTRAINT \(table)_id_key UNIQUE,
                    record jsonb NOT NULL,
                    date_published text,
                    language text,
                    source text,
                    word_count integer NOT NULL,
                    simhash bigint NOT NULL,
                    ingested_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                "CREATE INDEX \(table)_date_published_idx ON \(table) (date_published)",
                "CREATE INDEX \(table)_language_idx ON \(table) (language)",
                "CREATE INDEX \(table)_source_idx ON \(table) (source)",
            ]
        ]
    }
}
