import ArgumentParser
import Foundation
import NewsdropCore

/// The record filters `tail` and `export` share.
struct FilterOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Only records published on or after this date.", valueName: "date"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Only records published on or before this date.", valueName: "date"))
    var until: String?

    @Option(name: .long, help: ArgumentHelp("Only records in this language (en matches en-GB).", valueName: "code"))
    var lang: String?

    @Option(name: .long, help: ArgumentHelp("Only records whose title or text matches this regular expression.", valueName: "regex"))
    var grep: String?

    /// The filter the options describe; a bad date or expression is a usage error.
    func filter() throws -> RecordFilter {
        do {
            return try RecordFilter(since: try date(since, "--since"), until: try date(until, "--until"), language: lang, pattern: grep)
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("--grep: \(error.localizedDescription)")
        }
    }

    private func date(_ raw: String?, _ option: String) throws -> PublicationDate? {
        guard let raw else { return nil }
        guard case .success(let date) = PublicationDateParser.parse(raw, now: .distantFuture) else {
            throw ValidationError("\(option): \"\(raw)\" is not a date (use YYYY-MM-DD)")
        }
        return date
    }
}
