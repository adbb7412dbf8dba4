import Foundation
import NewsdropIO

/// The running totals kept across restarts in `STATE/counters.json`, for `newsdrop stats`:
/// duplicates and failures leave no record in the archive, so they are counted here.
public struct CountersLedger: Sendable, Codable, Equatable {
    public static let fileName = "counters.json"

    public var ingested = 0
    public var duplicates = 0
    public var nearDuplicates = 0
    public var failed = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case ingested, duplicates, failed
        case nearDuplicates = "near_duplicates"
    }

    /// The ledger in `stateDirectory`, or an empty one.
    public static func load(stateDirectory: String) -> CountersLedger {
        guard let data = FileManager.default.contents(atPath: stateDirectory + "/" + fileName),
            let ledger = try? JSONDecoder().decode(CountersLedger.self, from: data)
        else { return CountersLedger() }
        return ledger
    }

    /// This ledger plus a run's totals.
    func adding(_ run: IngestCounters.Snapshot) -> CountersLedger {
        var sum = self
        sum.ingested += run.ingested
        sum.duplicates += run.duplicates
        sum.nearDuplicates += run.nearDuplicates
        sum.failed += run.failed
        return sum
    }

    /// Writes the ledger atomically.
    func write(stateDirectory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try FileIO.writeAtomically(Array(try encoder.encode(self)) + [0x0A], to: stateDirectory + "/" + Self.fileName)
    }
}
