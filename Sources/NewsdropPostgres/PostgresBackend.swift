import Foundation
import Logging
public import PostgresNIO
import Synchronization

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
    /// What PostgresNIO logs of its connections and queries: nothing. newsdrop reports the
    /// failures itself, in its own words.
    let logger = Logger(label: "newsdrop.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Builds the pool; throws when the URL or the table name is invalid.
    public init(options: PostgresOptions) throws(PostgresError) {
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
            configuration = .init(
                host: host, port: port, username: location.username, password: location.password,
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
            connection = .init(
                host: host, port: port, username: location.username, password: location.password,
                database: location.database, tls: connectionTLS)
        case .unixSocket(let path):
            configuration = .init(
                unixSocketPath: path, username: location.username, password: location.password,
                database: location.database)
            connection = .init(
                unixSocketPath: path, username: location.username, password: location.password,
                database: location.database)
        }
        configuration.options.maximumConnections = max(2, options.poolSize)
        let connectTimeout = Duration.milliseconds(Int64(options.connectTimeout * 1000))
        configuration.options.connectTimeout = connectTimeout
        connection.options.connectTimeout = .init(connectTimeout)
        self.connectionConfiguration = connection
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.table = options.table
        self.connectTimeout = connectTimeout
        self.location = location
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
    /// closed and the wait ends with an error.
    ///
    /// PostgresNIO can leave a query sent just as the server closed the connection waiting
    /// forever, closing the connection does not end that wait, and a task group would wait for it
    /// too. So `work` runs in a task of its own that is left behind, cancelled, when the deadline
    /// passes: the one unstructured task in newsdrop, at most one per lost connection.
    func withDeadline<Result: Sendable>(
        _ limit: Duration, closing connection: PostgresConnection, doing: String, _ work: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let outcome = FirstOutcome<Result>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.arm(continuation)
                let worker = Task {
                    do { outcome.finish(.success(try await work())) } catch { outcome.finish(.failure(error)) }
                }
                outcome.onTimeout(after: limit) {
                    worker.cancel()
                    connection.close().whenComplete { _ in }
                    return PostgresError.noAnswer(doing: doing, within: limit)
                }
            }
        } onCancel: {
            outcome.finish(.failure(CancellationError()))
        }
    }

    /// The channel `pg_notify` announces new records on.
    var channel: String { "\(table)_appended" }

    /// The advisory lock that serializes appends to the table across every instance.
    var appendLock: String { "newsdrop:append:\(table)" }
}

/// The first of a result, a timeout or a cancellation, handed to a continuation once.
private final class FirstOutcome<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var early: Result<Value, any Error>?
        var timer: Task<Void, Never>?
        var done = false
    }

    private let state = Mutex(State())

    func arm(_ continuation: CheckedContinuation<Value, any Error>) {
        let early = state.withLock { state -> Result<Value, any Error>? in
            if let early = state.early { return early }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Ends the wait with `result` unless it has ended already.
    func finish(_ result: Result<Value, any Error>) {
        let (continuation, timer) = state.withLock { state -> (CheckedContinuation<Value, any Error>?, Task<Void, Never>?) in
            guard !state.done else { return (nil, nil) }
            state.done = true
            guard let continuation = state.continuation else {
                state.early = result
                return (nil, state.timer)
            }
            state.continuation = nil
            return (continuation, state.timer)
        }
        timer?.cancel()
        continuation?.resume(with: result)
    }

    /// After `limit`, unless the wait has ended, ends it with the error `expire` returns.
    func onTimeout(after limit: Duration, _ expire: @escaping @Sendable () -> any Error) {
        let timer = Task {
            guard (try? await Task.sleep(for: limit)) != nil else { return }
            let pending = state.withLock { !$0.done }
            if pending { self.finish(.failure(expire())) }
        }
        let finished = state.withLock { state -> Bool in
            state.timer = timer
            return state.done
        }
        if finished { timer.cancel() }
    }
}
