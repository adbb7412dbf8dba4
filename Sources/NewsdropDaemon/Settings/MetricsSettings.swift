/// Where the daemon's metrics go, in Prometheus's text format; both ways are off by default.
public struct MetricsSettings: Sendable, Equatable {
    /// A file rewritten atomically every `interval` seconds, for node_exporter's textfile collector.
    public var textfile: String?
    /// Seconds between rewrites of `textfile`.
    public var interval = 15.0
    /// `HOST:PORT` to answer `GET /metrics` on (opt-in; the unit's drop-in opens only that address).
    public var listen: String?

    public init() {}

    /// True when metrics are kept at all.
    public var isEnabled: Bool { textfile != nil || listen != nil }

    /// `listen` split into host and port; `nil` when it is not `HOST:PORT` with a port number.
    public var listenAddress: (host: String, port: Int)? {
        guard let listen, let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        var host = String(listen[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }
}
