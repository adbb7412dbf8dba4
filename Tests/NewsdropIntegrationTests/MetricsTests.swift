import Foundation
import NewsdropTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("Metrics for Prometheus", .serialized)
struct MetricsTests {
    /// The value of the sample `series` (name and labels as written) in text-format metrics.
    static func value(of series: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }

    /// Drops three articles, one byte-identical copy and an empty file.
    static func dropMix(_ daemon: DaemonHarness) throws {
        var generator = try ArticleGenerator(seed: 41)
        let articles = (0..<3).map { generator.article($0) }
        for (index, article) in articles.enumerated() { try daemon.drop("m\(index).txt", article) }
        try daemon.drop("copy.txt", articles[0])
        try daemon.drop("empty.txt", "")
    }

    @Test("metrics.textfile: rewritten atomically with counts by outcome and reason, latencies and gauges; promtool accepts it")
    func textfile() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("newsdrop.prom").path
        let daemon = try DaemonHarness(environment: ["NEWSDROP_METRICS_TEXTFILE": path, "NEWSDROP_METRICS_INTERVAL": "1"])
        try await daemon.start()
        try Self.dropMix(daemon)
        try await daemon.waitUntil("the files have left the spool") { daemon.spoolIsEmpty }
        try await daemon.waitUntil("the textfile counts them", timeout: 10) {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return Self.value(of: #"newsdrop_articles_total{outcome="ingested"}"#, in: text) == 3
                && Self.value(of: "newsdrop_known_articles", in: text) == 3
        }
        #expect(try await daemon.stop() == 0)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(Self.value(of: #"newsdrop_articles_total{outcome="duplicate"}"#, in: text) == 1)
        #expect(Self.value(of: #"newsdrop_failed_files_total{reason="empty"}"#, in: text) == 1)
        #expect(Self.value(of: "newsdrop_batch_commit_seconds_count", in: text).map { $0 >= 1 } == true)
        #expect(Self.value(of: "newsdrop_fdatasync_seconds_count", in: text).map { $0 >= 1 } == true)
        #expect(Self.value(of: "newsdrop_drop_to_record_seconds_count", in: text) == 4)
        #expect(Self.value(of: "newsdrop_archive_bytes", in: text).map { $0 > 0 } == true)
        #expect(Self.value(of: "newsdrop_degraded", in: text) == 0)
        #expect(text.contains(#"newsdrop_build_info{version=""#))
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
        let check = try Command.run("/bin/sh", ["-c", "promtool check metrics < '\(path)'"])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
    }

    @Test("metrics.listen: GET /metrics over HTTP, scraped by a real Prometheus server and read back through its API")
    func scrapedByPrometheus() async throws {
        let port = try FreePort.next()
        let daemon = try DaemonHarness(environment: ["NEWSDROP_METRICS_LISTEN": "127.0.0.1:\(port)"])
        try await daemon.start()
        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(String(decoding: body, as: UTF8.self).contains("# HELP newsdrop_build_info"))
        let (_, missing) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/other")!)
        #expect((missing as? HTTPURLResponse)?.statusCode == 404)

        let server = try PrometheusServer(scraping: "127.0.0.1:\(port)")
        defer { server.stop() }
        try Self.dropMix(daemon)
        try await daemon.waitUntil("the files have left the spool") { daemon.spoolIsEmpty }
        try await daemon.waitUntil("Prometheus has scraped the counts", timeout: 30) {
            try server.query(#"newsdrop_articles_total{outcome="ingested"}"#) == 3
        }
        #expect(try server.query(#"newsdrop_failed_files_total{reason="empty"}"#) == 1)
        #expect(try server.query(#"up{job="newsdrop"}"#) == 1)
        #expect(try await daemon.stop() == 0)
    }

    @Test("a metrics.listen address that is taken ends the daemon with EX_OSERR and says which")
    func portTaken() async throws {
        let port = try FreePort.next()
        let first = try DaemonHarness(environment: ["NEWSDROP_METRICS_LISTEN": "127.0.0.1:\(port)"])
        try await first.start()
        let second = try DaemonHarness(environment: ["NEWSDROP_METRICS_LISTEN": "127.0.0.1:\(port)"])
        try second.launch()
        try await second.waitUntil("the second daemon exits", timeout: 20) { !second.isRunning }
        #expect(try await second.stop() == 71)
        #expect(second.log.contains("metrics.listen 127.0.0.1:\(port)"), "\(second.log)")
        #expect(try await first.stop() == 0)
        let bad = try CommandRun.newsdrop(["run"], environment: ["NEWSDROP_METRICS_LISTEN": "localhost"])
        #expect(bad.status == 78)
        #expect(bad.stderr.contains("metrics.listen"))
    }
}
