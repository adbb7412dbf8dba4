import Foundation
import NewsdropTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A scraper that writes "latest" files renames each new version over a name that may still be
/// waiting to be read. newsdrop claims a file (moves it into work/) before reading it, so the file
/// it reads is the file it retires: no version reaches done/ unread.
@Suite("Names reused by producers", .serialized)
struct NameReuseTests {
    @Test("600 versions renamed over three names at random gaps of 0 to 5 ms: every version claimed is archived, none reaches done/ unread")
    func versionsRenamedOverFewNames() async throws {
        var generator = try ArticleGenerator(seed: 0x5EED_0F_1A7E57)
        let daemon = try DaemonHarness(environment: ["NEWSDROP_LOG_LEVEL": "info"])
        try await daemon.start()
        let versions = 600
        var lastTitle: [String: String] = [:]
        for number in 0..<versions {
            let name = "story\(number % 3).txt"
            try daemon.drop(name, generator.article(number))
            lastTitle[name] = "Report \(number) from the wire desk"
            let gap = generator.next(below: 6)
            if gap > 0 { usleep(UInt32(gap * 1000)) }
        }
        try await daemon.waitUntil("the inbox and work/ are empty", timeout: 60) {
            daemon.spoolIsEmpty
        }
        #expect(try await daemon.stop() == 0)
        let inFlight = try Data(contentsOf: daemon.state.appendingPathComponent("in-flight"))
        #expect(inFlight.isEmpty, "a clean stop leaves files in flight: \(String(decoding: inFlight, as: UTF8.self))")

        let archived = try daemon.records().compactMap { $0["title"] as? String }
        #expect(Set(archived).count == archived.count, "a version was archived twice")
        var doneTitles: [String] = []
        for name in daemon.names(in: daemon.done) {
            let text = try String(contentsOf: daemon.done.appendingPathComponent(name), encoding: .utf8)
            doneTitles.append(String(text.prefix { $0 != "\n" }))
        }
        let unread = Set(doneTitles).subtracting(archived)
        #expect(unread.isEmpty, "\(unread.count) files in done/ hold articles that are not in the archive: \(unread.sorted().prefix(5))")
        #expect(doneTitles.count == archived.count, "\(doneTitles.count) files in done/, \(archived.count) records")
        #expect(daemon.names(in: daemon.failed).isEmpty)
        // The last version of each name was never replaced, so it must be archived.
        for (name, title) in lastTitle { #expect(archived.contains(title), "the last \(name) is missing") }
        // A version is missing only when the next one replaced it before it was claimed.
        #expect(archived.count > versions / 4, "only \(archived.count) of \(versions) versions were claimed")
        #expect(try daemon.verify().status == 0)
    }
}
