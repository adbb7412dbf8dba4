import Foundation
import NewsdropCore
import Testing

@Suite("Publication dates")
struct PublicationDateTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("dates keep exactly the precision and zone they were given", arguments: [
        ("2025-09-04", "2025-09-04"),
        ("2025-09-04T10:30:00Z", "2025-09-04T10:30:00Z"),
        ("2025-09-04 10:30", "2025-09-04T10:30:00"),
        ("2025-09-04T10:30:00.250+02:00", "2025-09-04T10:30:00.250+02:00"),
        ("2025-09-04T10:30:00-0530", "2025-09-04T10:30:00-05:30"),
        ("4 September 2025", "2025-09-04"),
        ("Sept. 4, 2025", "2025-09-04"),
        ("Thursday, September 4th 2025", "2025-09-04"),
    ])
    func parses(raw: String, expected: String) throws {
        let date = try PublicationDateParser.parse(raw, now: now).get()
        #expect(date.description == expected)
    }

    @Test("impossible and far-future dates are refused", arguments: ["2025-02-30", "2025-13-01", "yesterday", "2999-01-01"])
    func refuses(raw: String) {
        #expect(throws: PublicationDateParser.Failure.self) { try PublicationDateParser.parse(raw, now: now).get() }
    }
}
