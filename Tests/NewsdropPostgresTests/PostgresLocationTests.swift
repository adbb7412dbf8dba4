import NewsdropPostgres
import Testing

@Suite("postgres.url")
struct PostgresLocationTests {
    @Test("a TCP URL gives host, port, user, password, database and TLS mode")
    func tcp() throws {
        let location = try PostgresLocation(url: "postgres://ingest:s3cr%40t@db.example.org:6543/news?sslmode=require")
        #expect(location.endpoint == .tcp(host: "db.example.org", port: 6543))
        #expect(location.username == "ingest")
        #expect(location.password == "s3cr@t")
        #expect(location.database == "news")
        #expect(location.tls == .require)
    }

    @Test("defaults: port 5432 and TLS when the server offers it; postgresql:// works too")
    func defaults() throws {
        let location = try PostgresLocation(url: "postgresql://ingest@db/news")
        #expect(location.endpoint == .tcp(host: "db", port: 5432))
        #expect(location.password == nil)
        #expect(location.tls == .prefer)
    }

    @Test("a socket folder, in the query or as the default, names the server's Unix socket")
    func unixSocket() throws {
        #expect(
            try PostgresLocation(url: "postgres:///news?host=/var/run/postgresql&user=ingest").endpoint
                == .unixSocket(path: "/var/run/postgresql/.s.PGSQL.5432"))
        #expect(try PostgresLocation(url: "postgres://ingest@/news").endpoint == .unixSocket(path: "/run/postgresql/.s.PGSQL.5432"))
    }

    @Test("the redacted form, for logs, never shows the password")
    func redacted() throws {
        let location = try PostgresLocation(url: "postgres://ingest:hunter2@db:5432/news")
        #expect(location.redacted == "postgres://ingest@db:5432/news")
        #expect(!location.redacted.contains("hunter2"))
    }

    @Test("other schemes and unknown sslmodes are refused with the reason, without the password")
    func invalid() {
        #expect(throws: PostgresError.self) { try PostgresLocation(url: "mysql://root:pw@db/news") }
        do {
            _ = try PostgresLocation(url: "postgres://u:hunter2@db/news?sslmode=sometimes")
            Issue.record("accepted an unknown sslmode")
        } catch {
            #expect(error.message.contains("sslmode"))
            #expect(!error.message.contains("hunter2"))
        }
    }

    @Test("table names are plain lowercase identifiers, short enough for their index names")
    func tableNames() {
        #expect(PostgresOptions.isValidTableName("newsdrop_articles"))
        #expect(PostgresOptions.isValidTableName("_t1"))
        for bad in ["", "Articles", "1abc", "a-b", "a b", "x;drop table y", String(repeating: "a", count: 49)] {
            #expect(!PostgresOptions.isValidTableName(bad), "\(bad)")
        }
    }
}
