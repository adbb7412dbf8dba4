import Logging
import NewsdropIO
import Prometheus
import ServiceLifecycle

/// Writes the metrics to a file every interval, replacing it atomically, for node_exporter's
/// textfile collector (`--collector.textfile.directory`); a last time when the daemon stops. It
/// needs no network, so it works under the hardened unit as it is.
struct MetricsTextfile: Service {
    let registry: PrometheusCollectorRegistry
    let path: String
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            write()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
        }
        write()
    }

    func write() {
        do {
            try FileIO.writeAtomically(registry.emitToBuffer(), to: path, durable: false)
        } catch {
            logger.event(.ioError, .warning, "could not write the metrics textfile", ["path": "\(path)", "error": "\(error)"])
        }
    }
}
