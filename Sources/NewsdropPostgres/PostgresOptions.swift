public import Foundation

/// Where the shared archive lives and how newsdrop connects to it: the `postgres:` settings.
public struct PostgresOptions: Sendable, Equatable {
    /// `postgres://user:password@host:port/database?sslmode=...`, or a Unix socket folder with
    /// `postgres:///database?host=/run/postgresql`. Holds the password: set it through
    /// `NEWSDROP_POSTGRES_URL` or a systemd credential, not in a world-readable file.
    public var url: String?
    /// The table of records; other objects are named after it.
    public var table = "newsdrop_articles"
    /// The most connections this instance opens.
    public var poolSize = 4
    /// Seconds to wait for a connection before the attempt counts as failed.
    public var connectTimeout = 10.0

    public init() {}

    /// The name of the credential (`LoadCredential=postgres-url:...`) read when no URL is set.
    public static let credentialName = "postgres-url"

    /// The URL from the settings, else from the systemd credential `postgres-url`.
    public func resolvedURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let url, !url.isEmpty { return url }
        guard let folder = environment["CREDENTIALS_DIRECTORY"],
            let data = FileManager.default.contents(atPath: folder + "/" + Self.credentialName)
        else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// True when `name` can name the table: lowercase letters, digits and underscores, starting
    /// with a letter or underscore, at most 48 characters (its indexes add suffixes).
    public static func isValidTableName(_ name: String) -> Bool {
        guard let first = name.utf8.first, (1...48).contains(name.utf8.count),
            first == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first)
        else { return false }
        return name.utf8.allSatisfy {
            $0 == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        }
    }
}
