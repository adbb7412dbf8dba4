import Foundation
import NewsdropTestSupport
import Testing

@Suite("newsdrop run: near-duplicates", .serialized)
struct NearDuplicateIngestTests {
    var original: String {
        get throws { String(decoding: try TestPaths.corpusBytes("bbc/business/001.txt"), as: UTF8.self) }
    }

    var resent: String {
        get throws {
            // New headline, a dateline, one word changed and a boilerplate tail.
            "Time Warner profits jump on broadband sales"
                + (try original).drop { $0 != "\n" }
                .replacingOccurrences(of: "Quarterly profits", with: "NEW YORK (Reuters) - Quarterly profits")
                .replacingOccurrences(of: "benefited", with: "profited")
                + "\nReporting by John Smith; Editing by Mary Jones\n"
        }
    }

    /// Drops the original, waits for it, then drops the re-sent story and waits for it.
    func ingestOriginalThenResent(_ daemon: DaemonHarness) async throws {
        try daemon.drop("original.txt", try original)
        try await daemon.waitUntil("the original is done") { daemon.names(in: daemon.done) == ["original.txt"] }
        try daemon.drop("resent.txt", try resent)
        try await daemon.waitUntil("the re-sent story is done") { daemon.names(in: daemon.done).count == 2 }
    }

    @Test("drop: a re-sent story adds no record, its file goes to done/ and the log names the original and the similarity")
    func drop() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        try await ingestOriginalThenResent(daemon)
        let records = try daemon.records()
        #expect(records.count == 1)
        let id = try #require(records.first?["id"] as? String)
        #expect((records.first?["simhash"] as? String)?.count == 16)
        let line = try #require(daemon.log.split(separator: "\n").first { $0.contains("near-duplicate skipped") })
        #expect(line.contains("duplicate_of=\(id)"))
        #expect(line.contains("similarity=0."))
        #expect(try await daemon.stop() == 0)
    }

    @Test("mark: the re-sent story is archived with near_duplicate_of and similarity")
    func mark() async throws {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_NEAR_DUPLICATES": "mark"])
        try await daemon.start()
        try await ingestOriginalThenResent(daemon)
        let records = try daemon.records()
        #expect(records.count == 2)
        #expect(records[0]["near_duplicate_of"] is NSNull)
        #expect(records[1]["near_duplicate_of"] as? String == records[0]["id"] as? String)
        let similarity = try #require(records[1]["similarity"] as? Double)
        #expect(similarity >= 0.8 && similarity < 1)
        #expect(try await daemon.stop() == 0)
        #expect(try SchemaValidation.problems(inJSONLines: try String(contentsOf: daemon.archive, encoding: .utf8)) == [])
        #expect(try daemon.verify().status == 0)
    }

    @Test("keep: near-duplicates are archived as new articles")
    func keep() async throws {
        let daemon = try DaemonHarness(environment: ["NEWSDROP_NEAR_DUPLICATES": "keep"])
        try await daemon.start()
        try daemon.drop("original.txt", try original)
        try daemon.drop("resent.txt", try resent)
        try await daemon.waitUntil("both are done") { daemon.names(in: daemon.done).count == 2 }
        let records = try daemon.records()
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0["near_duplicate_of"] is NSNull })
        #expect(try await daemon.stop() == 0)
    }

    @Test("the near-duplicate index survives restarts, with and without its checkpoint")
    func persistence() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        try daemon.drop("original.txt", try original)
        try await daemon.waitUntil("the original is done") { daemon.names(in: daemon.done) == ["original.txt"] }
        #expect(try await daemon.stop() == 0)
        try await daemon.start()
        try daemon.drop("resent.txt", try resent)
        try await daemon.waitUntil("the re-sent story is done") { daemon.names(in: daemon.done).count == 2 }
        #expect(try await daemon.stop() == 0)
        try FileManager.default.removeItem(at: daemon.state)
        try await daemon.start()
        try daemon.drop("resent-again.txt", (try resent).replacingOccurrences(of: "Mary Jones", with: "Anne Lee"))
        try await daemon.waitUntil("the third copy is done") { daemon.names(in: daemon.done).count == 3 }
        #expect(try daemon.records().count == 1)
        #expect(daemon.log.contains("near-duplicate skipped"))
        #expect(try await daemon.stop() == 0)
    }

    @Test("the same template with other numbers is archived every time")
    func templatedStories() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        for index in 0..<20 {
            try daemon.drop(
                "results-\(index).txt",
                """
                Results day

                The company reported revenue of \(400 + index) million pounds for the quarter, up \(index + 2) percent \
                on the year before, while operating profit reached \(70 + index) million pounds. Earnings per share \
                came in at 12 pence, compared with 9 pence a year earlier, and the board raised the dividend again. The \
                company said it employed more people at the end of the period and expected sales growth to continue \
                next year as new stores open across the country and online orders keep rising.
                """)
        }
        try await daemon.waitUntil("all 20 are done") { daemon.names(in: daemon.done).count == 20 }
        #expect(try daemon.records().count == 20)
        #expect(try await daemon.stop() == 0)
    }
}
