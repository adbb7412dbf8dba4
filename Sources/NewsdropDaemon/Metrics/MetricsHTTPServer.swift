import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NewsdropIO
import Prometheus
import ServiceLifecycle

/// Answers `GET /metrics` with the metrics in Prometheus's text format on `host:port`, until the
/// daemon stops. Opt-in (`metrics.listen`); anything else gets 404, and a method other than GET
/// or HEAD gets 405.
struct MetricsHTTPServer: Service {
    let registry: PrometheusCollectorRegistry
    let host: String
    let port: Int
    let logger: Logger

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    func run() async throws {
        let server: NIOAsyncChannel<Connection, Never>
        do {
            server = try await bind()
        } catch let error as IOError {
            throw SystemError("bind", path: "metrics.listen \(host):\(port)", errno: error.errnoCode)
        }
        logger.event(.started, .info, "metrics served over HTTP", ["listen": "\(host):\(port)", "path": "/metrics"])
        do {
            try await cancelWhenGracefulShutdown {
                try await server.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { group in
                        for try await connection in connections {
                            group.addTask { await serve(connection) }
                        }
                    }
                }
            }
        } catch {
            // Closing the listener for the shutdown ends it with an error; only another is one.
            guard Task.isShuttingDownGracefully || Task.isCancelled else { throw error }
        }
    }

    private func bind() async throws -> NIOAsyncChannel<Connection, Never> {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Answers each request of one connection.
    private func serve(_ connection: Connection) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                for try await part in inbound {
                    switch part {
                    case .head(let request): head = request
                    case .body: continue
                    case .end:
                        guard let request = head else { continue }
                        try await respond(to: request, outbound)
                        if !request.isKeepAlive { return }
                    }
                }
            }
        } catch {
            logger.event(.ioError, .debug, "a metrics connection ended with an error", ["error": "\(error)"])
        }
    }

    private func respond(to request: HTTPRequestHead, _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
        let (status, body, type): (HTTPResponseStatus, [UInt8], String) =
            if path != "/metrics" {
                (.notFound, Array("not found; metrics are at /metrics\n".utf8), "text/plain; charset=utf-8")
            } else if request.method != .GET && request.method != .HEAD {
                (.methodNotAllowed, Array("use GET\n".utf8), "text/plain; charset=utf-8")
            } else {
                (.ok, registry.emitToBuffer(), "text/plain; version=0.0.4; charset=utf-8")
            }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: type)
        headers.add(name: "Content-Length", value: String(body.count))
        if !request.isKeepAlive { headers.add(name: "Connection", value: "close") }
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
        if request.method != .HEAD { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
        try await outbound.write(.end(nil))
    }
}
