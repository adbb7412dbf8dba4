import Foundation

/// A parsed connection URL, in libpq's `postgres://` form.
///
/// `postgres://user:password@host:port/database?sslmode=disable|prefer|require` connects over
/// TCP (`postgresql://` is accepted too); a `host` that is an absolute path, in the authority or
/// as `?host=/run/postgresql`, names the folder of the server's Unix socket.
public struct PostgresLocation: Sendable, Equatable {
    /// How the connection is made.
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The socket file itself (`FOLDER/.s.PGSQL.PORT`).
        case unixSocket(path: String)
    }

    /// Whether TLS is used over TCP.
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String?
    public var tls: TLSMode

    /// Parses `url`; the error says which part is wrong, and never repeats the password.
    public init(url: String) throws(PostgresError) {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql"
        else {
            throw .invalidURL("it is not a postgres:// URL (postgres://user:password@host:5432/database)")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let port = components.port ?? query["port"].flatMap { Int($0) } ?? 5432
        let host = components.percentEncodedHost.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding } ?? query["host"] ?? ""
        if host.hasPrefix("/") {
            endpoint = .unixSocket(path: "\(host)/.s.PGSQL.\(port)")
        } else if host.isEmpty {
            endpoint = .unixSocket(path: "/run/postgresql/.s.PGSQL.\(port)")
        } else {
            endpoint = .tcp(host: host, port: port)
        }
        username = components.user ?? query["user"] ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        password = components.password ?? query["password"]
        let path = components.path.drop { $0 == "/" }
        database = path.isEmpty ? query["dbname"] : String(path)
        let mode = query["sslmode"] ?? "prefer"
        switch mode {
        case "disable", "allow": tls = .disable
        case "prefer": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        default: throw .invalidURL("sslmode \"\(mode)\" is not disable, prefer or require")
        }
    }

    /// The URL without its password, for logs and status lines.
    public var redacted: String {
        let place: String
        switch endpoint {
        case .tcp(let host, let port): place = "\(host):\(port)"
        case .unixSocket(let path): place = path
        }
        return "postgres://\(username)@\(place)/\(database ?? username)"
    }
}
