import Foundation
import PostgresNIO

/// Why the PostgreSQL backend could not do what was asked, in words for the operator.
///
/// PostgresNIO's own errors describe themselves generically (to keep query text out of logs);
/// this error carries the server's message and SQLSTATE, or the connection failure.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case invalidURL
        case missingURL
        case invalidTable
        case server
        case connection
        case newerSchema
    }

    private let code: Code
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// True when the error is a setting to fix rather than a database to wait for.
    public var isConfiguration: Bool {
        switch code {
        case .invalidURL, .missingURL, .invalidTable, .newerSchema: true
        case .server, .connection: false
        }
    }

    static func invalidURL(_ reason: String) -> Self {
        Self(.invalidURL, "postgres.url: \(reason)")
    }

    static let missingURL = Self(
        .missingURL,
        """
        backend is postgres but no postgres.url is set: set NEWSDROP_POSTGRES_URL, or the credential \
        postgres-url (LoadCredential=), to postgres://user:password@host:5432/database
        """)

    static func invalidTable(_ name: String) -> Self {
        Self(.invalidTable, "postgres.table: \"\(name)\" is not a table name (lowercase letters, digits and _, at most 48)")
    }

    static func newerSchema(_ version: Int, known: Int) -> Self {
        Self(.newerSchema, "the table's schema is at version \(version), newer than this newsdrop knows (\(known)); upgrade newsdrop")
    }

    static func noAnswer(from place: String, within limit: Duration) -> Self {
        Self(.connection, "no connection to \(place) within \(limit): the server is down or unreachable")
    }

    /// The innermost reason of a connection failure, as short as NIO allows.
    private static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        // NIO's connection errors end in "...: Connection refused) (errno: 111))".
        if let range = text.range(of: #"[^():]+(?=\) \(errno)"#, options: .regularExpression) {
            return text[range].trimmingCharacters(in: .whitespaces)
        }
        return text
    }

    static func noAnswer(doing: String, within limit: Duration) -> Self {
        Self(.connection, "\(doing): no answer within \(limit); the connection was closed and the work is retried")
    }

    /// Describes any error a PostgresNIO call threw.
    static func wrapping(_ error: any Error, while doing: String) -> Self {
        if let error = error as? PostgresError { return error }
        if let transaction = error as? PostgresTransactionError {
            if let inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError {
                return wrapping(inner, while: doing)
            }
        }
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] {
                let state = psql.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return Self(.server, "\(doing): the server said: \(message)\(state)")
            }
            if let underlying = psql.underlying {
                return Self(.connection, "\(doing): \(Self.reason(underlying))")
            }
            return Self(.connection, "\(doing): \(psql.code)")
        }
        return Self(.connection, "\(doing): \(error)")
    }
}
