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
    let logger: Logger

    /// Builds the pool; throws when the URL or the table name is invalid.
    public init(options: PostgresOptions, logger: Logger) throws(PostgresError) {
        guard let url = options.resolvedURL() else { throw .missingURL }
        guard PostgresOptions.isValidTableName(options.table) else { throw .invalidTable(options.table) }
        let location = try PostgresLocation(url: url)
        var configuration: PostgresClient.Configuration
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
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: location.username, password: location.password,
                                  database: location.database)
        }
        configuration.options.maximumConnections = max(2, options.poolSize)
        configuration.options.connectTimeout = .milliseconds(Int64(options.connectTimeout * 1000))
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

    /// Throws unless the server answers within the connect timeout. The pool waits for a
    /// connection as long as it takes; this is how a server that is down or unreachable is told
    /// apart from a slow query, before a transaction starts waiting.
    public func ping() async throws(PostgresError) {
        let client = client
        let limit = connectTimeout
        do {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await client.query("SELECT 1")
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return false
                }
                defer { group.cancelAll() }
                guard try await group.next() == true else {
                    throw PostgresError.noAnswer(from: location.redacted, within: limit)
                }
            }
        } catch {
            throw PostgresError.wrapping(error, while: "connecting to \(location.redacted)")
        }
    }

    /// The channel `pg_notify` announces new records on.
    var channel: String { "\(table)_appended" }

    /// The advisory lock that serializes appends to the table across every instance.
    var appendLock: String { "newsdrop:append:\(table)" }
}
