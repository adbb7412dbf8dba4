public import Logging
public import PostgresNIO
import Foundation

/// A connection pool to the database named by the settings, and the table newsdrop uses there.
///
/// The pool connects lazily: nothing is contacted until the first query, and a server that is
/// down fails that query (which the caller retries), not the construction.
public struct PostgresBackend: Sendable {
    public let client: PostgresClient
    public let table: String
    public let location: PostgresLocation
    let connectTimeout: Duration
    /// For connections outside the pool: the appender's, and pings.
    let connectionConfiguration: PostgresConnection.Configuration
    let logger: Logger

    /// Builds the pool; throws when the URL or the table name is invalid.
    public init(options: PostgresOptions, logger: Logger) throws(PostgresError) {
        guard let url = options.resolvedURL() else { throw .missingURL }
        guard PostgresOptions.isValidTableName(options.table) else { throw .invalidTable(options.table) }
        let location = try PostgresLocation(url: url)
        var configuration: PostgresClient.Configuration
        var connection: PostgresConnection.Configuration
        switch location.endpoint {
        case .tcp(let host, let port):
            let tls: PostgresClient.Configuration.TLS
            switch location.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(.makeClientConfiguration())
            case .require: tls = .require(.makeClientConfiguration())
            }
            configuration = .init(host: host, port: port, username: location.username, password: location.password,
                                  database: location.database, tls: tls)
            let connectionTLS: PostgresConnection.Configuration.TLS
            do {
                switch location.tls {
                case .disable: connectionTLS = .disable
                case .prefer: connectionTLS = .prefer(try .init(configuration: .makeClientConfiguration()))
                case .require: connectionTLS = .require(try .init(configuration: .makeClientConfiguration()))
                }
            } catch {
                throw .invalidURL("TLS could not be set up (\(error)); use sslmode=disable for a server without TLS")
            }
            connection = .init(host: host, port: port, username: location.username, password: location.password,
                               database: location.database, tls: connectionTLS)
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: location.username, password: location.password,
                                  database: location.database)
            connection = .init(unixSocketPath: path, username: location.username, password: location.password,
                               database: location.database)
        }
        configuration.options.maximumConnections = max(2, options.poolSize)
        configuration.options.connectTimeout = .milliseconds(Int64(options.connectTimeout * 1000))
        connection.options.connectTimeout = .milliseconds(Int64(options.connectTimeout * 1000))
        self.connectionConfiguration = connection
        self.client = PostgresClient(configuration: configuration, backgroundLogger: Logger(label: "newsdrop.postgres", factory: { _ in SwiftLogNoOpLogHandler() }))
        self.table = options.table
        self.connectTimeout = .milliseconds(Int64(options.connectTimeout * 1000))
        self.location = location
        self.logger = logger
    }

    /// Runs the pool until the task is cancelled; queries need it running.
    public func run() async {
        await client.run()
    }

    /// Opens a connection of its own (outside the pool), failing within the connect timeout
    /// when the server is down or unreachable.
    func connect() async throws(PostgresError) -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(
                configuration: connectionConfiguration, id: Int.random(in: 1...Int.max), logger: logger)
        } catch {
            throw PostgresError.wrapping(error, while: "connecting to \(location.redacted)")
        }
    }

    /// Throws unless the server accepts a connection and answers a query. The pool waits for a
    /// connection as long as it takes; this tells a server that is down or unreachable apart
    /// before anything waits on the pool.
    public func ping() async throws(PostgresError) {
        let connection = try await connect()
        do {
            _ = try await withDeadline(connectTimeout, closing: connection, doing: "asking \(location.redacted)") {
                try await connection.query("SELECT 1", logger: self.logger)
            }
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw PostgresError.wrapping(error, while: "asking \(location.redacted)")
        }
    }

    /// Runs `work` on one pooled connection, within `limit`; see ``withDeadline(_:closing:doing:_:)``.
    func withConnection<Result: Sendable>(
        deadline limit: Duration, doing: String, _ work: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await client.withConnection { connection in
            try await withDeadline(limit, closing: connection, doing: doing) { try await work(connection) }
        }
    }

    /// Gives `work` on `connection` `limit` to finish. When it has not, the connection is
    /// closed, which fails whatever still waits on it: a query in flight when the server went
    /// away can otherwise wait for an answer forever.
    func withDeadline<Result: Sendable>(
        _ limit: Duration, closing connection: PostgresConnection, doing: String, _ work: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let value = try await group.next() ?? nil else {
                try? await connection.close()
                throw PostgresError.noAnswer(doing: doing, within: limit)
            }
            return value
        }
    }

    /// The channel `pg_notify` announces new records on.
    var channel: String { "\(table)_appended" }

    /// The advisory lock that serializes appends to the table across every instance.
    var appendLock: String { "newsdrop:append:\(table)" }
}
