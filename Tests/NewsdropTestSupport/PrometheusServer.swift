public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A Prometheus server (Debian's `prometheus`) of a test's own: a temporary folder for its data,
/// a free port, and one job, `newsdrop`, scraping `target` every second.
public final class PrometheusServer: @unchecked Sendable {
    private let folder: TemporaryFolder
    private let process: Process
    public let port: Int

    public init(scraping target: String) throws {
        folder = try TemporaryFolder("newsdrop-prometheus")
        port = try FreePort.next()
        let config = folder.file("prometheus.yml")
        try Data(
            """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: newsdrop
                static_configs:
                  - targets: ['\(target)']
            """.utf8
        ).write(to: config)
        guard let binary = ["/usr/bin/prometheus", "/usr/local/bin/prometheus"].first(where: FileManager.default.isExecutableFile)
        else { throw HarnessError("prometheus is not installed: scripts/ensure-prometheus installs it") }
        process = try CommandRun.launch(
            URL(fileURLWithPath: binary),
            [
                "--config.file=\(config.path)", "--storage.tsdb.path=\(folder.file("data").path)",
                "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
            ],
            environment: [:], outputIn: folder)
    }

    deinit { stop() }

    /// Ends the server and removes its folder.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        folder.remove()
    }

    /// The value of an instant query with one result; `nil` while there is none (or the server
    /// is not up yet).
    public func query(_ expression: String) throws -> Double? {
        var components = URLComponents(string: "http://127.0.0.1:\(port)/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: expression)]
        let run = try Command.run("/usr/bin/curl", ["-sf", components.url!.absoluteString])
        guard run.status == 0,
            let reply = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
            let data = reply["data"] as? [String: Any], let result = data["result"] as? [[String: Any]],
            let value = result.first?["value"] as? [Any], let text = value.last as? String
        else { return nil }
        return Double(text)
    }
}
