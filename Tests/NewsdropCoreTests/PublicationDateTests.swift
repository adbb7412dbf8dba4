import Foundation
import NewsdropCore
import Testing

@Suite("Publication dates")
struct PublicationDateTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test(
        "dates keep exactly the precision and zone they were given",
        arguments: [
            ("2025-09-04", "2025-09-04"),
            ("2025-09-04T10:30:00Z", "2025-09-04T10:30:00Z"),
            ("2025-09-04 10:30", "2025-09-04T10:30:00"),
            ("2025-09-04T10:30:00.250+02:00", "2025-09-04T10:30:00.250+02:00"),
            ("2025-09-04T10:30:00-0530", "2025-09-04T10:30:00-05:30"),
            ("4 September 2025", "2025-09-04"),
            ("Sept. 4, 2025", "2025-09-04"),
            ("Thursday, September 4th 2025", "2025-09-04"),
            ("Thu, 04 Sep 2025 10:30:00 +0200", "2025-09-04T10:30:00+02:00"),
            ("Thu, 4 Sep 2025 10:30:00 -0500", "2025-09-04T10:30:00-05:00"),
            ("04 Sep 2025 10:30 GMT", "2025-09-04T10:30:00Z"),
            ("Thu, 04 Sep 25 10:30:00 UT", "2025-09-04T10:30:00Z"),
            ("Thu, 04 Sep 2025 10:30:00 EDT", "2025-09-04T10:30:00-04:00"),
            ("Thu, 04 Sep 2025 10:30:00", "2025-09-04T10:30:00"),
            ("2025年9月4日", "2025-09-04"),
            ("2025년 9월 4일", "2025-09-04"),
            ("jeudi 4 septembre 2025", "2025-09-04"),
            ("le 4 févr. 2025", "2025-02-04"),
            ("4. März 2025", "2025-03-04"),
            ("4 Dezember 2025", "2025-12-04"),
            ("4 вересня 2025 р.", "2025-09-04"),
            ("4 березень 2025", "2025-03-04"),
            ("4 сентября 2025 г.", "2025-09-04"),
            ("2025/09/04", "2025-09-04"),
            ("04.09.2025", "2025-09-04"),
            ("2023-12-20 08:57:25 -0500", "2023-12-20T08:57:25-05:00"),
            ("2023-03-09T21:13:56.532072Z EST", "2023-03-09T21:13:56.532072Z"),
            ("2024-02-06 17:55:00 UTC", "2024-02-06T17:55:00Z"),
            ("2024-02-06 17:55:00 EST", "2024-02-06T17:55:00-05:00"),
            ("12/20/2023 20:41:43", "2023-12-20T20:41:43"),
            ("12/20/2023", "2023-12-20"),
            ("20/12/2023", "2023-12-20"),
            ("8:00 PM EST, Tue December 19, 2023", "2023-12-19T20:00:00-05:00"),
            ("Feb. 13, 2024, 11:31 p.m.", "2024-02-13T23:31:00"),
            ("Posted: Dec 22, 2023 12:05am", "2023-12-22T00:05:00"),
            ("November 20 15:23:09 2019", "2019-11-20T15:23:09"),
            ("4 September 2025, 13:45 pm", "2025-09-04"),
            ("4 September 2025, 24:10", "2025-09-04"),
        ])
    func parses(raw: String, expected: String) throws {
        let date = try PublicationDateParser.parse(raw, now: now).get()
        #expect(date.description == expected)
    }

    @Test(
        "impossible and far-future dates are refused",
        arguments: [
            "2025-02-30", "2025-13-01", "yesterday", "2999-01-01", "Thu, 04 Foo 2025 10:30:00 GMT", "31 février 2025",
            "202200220220022025年6月4日", "4 September 202200220220022025", "9223372036854775807/01/01", "0000-01-01",
            "2022-02-112023-06-08", "2023-12-20 08:57:25 Mars", "13/13/2023", "12/20/23 20:41",
        ])
    func refuses(raw: String) {
        #expect(throws: PublicationDateParser.Failure.self) { try PublicationDateParser.parse(raw, now: now).get() }
    }

    @Test(
        "a time moved to another UTC offset is the same instant, across midnight either way",
        arguments: [
            ("2023-12-20T01:00:21.174Z", -300, "2023-12-19T20:00:21.174-05:00"),
            ("2023-12-31T22:30:00-02:00", 60, "2024-01-01T01:30:00+01:00"),
            ("2024-03-01T00:15:00+05:30", 0, "2024-02-29T18:45:00Z"),
            ("2023-12-20T01:00:00", -300, "2023-12-20T01:00:00"),
            ("2023-12-20", -300, "2023-12-20"),
        ])
    func converted(raw: String, offset: Int, expected: String) throws {
        let date = try #require(PublicationDateParser.recognized(raw))
        #expect(date.converted(toOffset: offset).description == expected)
    }

    @Test("a far-future date in an article becomes null with a warning; the raw value is kept")
    func implausibleInRecord() throws {
        let record = try ArticleParser().parse(
            Array("Title: T\nDate: 4 September 2999\n\nBody.\n".utf8),
            file: FileFacts(name: "x", modified: now), now: now)
        #expect(record.datePublished == nil)
        #expect(record.datePublishedRaw == "4 September 2999")
        #expect(record.warnings.contains { $0.contains("implausible") })
    }
}
