import Foundation
import NewsdropCore
import NewsdropTestSupport
import Testing

@Suite("Near-duplicate fingerprints and rule")
struct NearDuplicateTests {
    let rule = NearDuplicateRule()
    let parser = ArticleParser()

    func shingles(_ text: String) throws -> Shingles {
        let record = try parser.parse(Array(text.utf8), file: FileFacts(name: "x", modified: Date()), now: Date())
        return Shingles(canonicalText: CanonicalText.identityText(title: record.title, blocks: record.blocks))
    }

    func story(_ path: String) throws -> String {
        String(decoding: try TestPaths.corpusBytes(path), as: UTF8.self)
    }

    /// A wire story of about 400 words.
    var wire: String {
        get throws { try story("bbc/business/001.txt") }
    }

    @Test("the stable hash never changes between runs and machines")
    func stableHash() {
        #expect(StableHash.hash64(Array("newsdrop".utf8)) == StableHash.hash64(Array("newsdrop".utf8)))
        #expect(StableHash.hash64(Array("a".utf8)) != StableHash.hash64(Array("b".utf8)))
    }

    @Test("the seed article's SimHash is fixed")
    func seedSimHash() throws {
        let record = try parser.parse(
            try TestPaths.corpusBytes("seed/2025-09-04-security-guarantees.txt"),
            file: FileFacts(name: "seed", modified: Date()), now: Date())
        #expect(
            ArticleRecord.hex16(record.simhash)
                == ArticleRecord.hex16(
                    Shingles(canonicalText: CanonicalText.identityText(title: nil, blocks: record.blocks)).simHash))
        #expect(record.jsonLine().contains(#""simhash":"\#(ArticleRecord.hex16(record.simhash))""#))
    }

    /// Ways a wire story is re-sent.
    static func perturb(_ text: String, _ name: String) -> String {
        switch name {
        case "headline change":
            return "Time Warner profits jump on broadband sales" + text.drop { $0 != "\n" }
        case "byline added":
            let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            return parts[0] + "\n\nBy Jane Doe, business reporter\n" + parts[1]
        case "dateline added":
            return text.replacingOccurrences(of: "Quarterly profits", with: "NEW YORK (Reuters) - Quarterly profits")
        case "boilerplate tail":
            return text + "\nReporting by John Smith; Editing by Mary Jones. Our standards: The Trust Principles.\n"
        case "one word corrected":
            return text.replacingOccurrences(of: "benefited", with: "profited")
        case "three words edited":
            return text.replacingOccurrences(of: "media giant", with: "media group")
                .replacingOccurrences(of: "sharp contrast", with: "stark contrast")
        case "quotes, dashes and whitespace":
            return text.replacingOccurrences(of: "\"", with: "“").replacingOccurrences(of: " - ", with: " — ")
                .replacingOccurrences(of: ". ", with: ".  ")
        case "paragraphs re-flowed":
            return text.replacingOccurrences(of: ". ", with: ".\n")
        default:
            return text
        }
    }

    @Test(
        "perturbations of the same story are near-duplicates",
        arguments: [
            "headline change", "byline added", "dateline added", "boilerplate tail", "one word corrected",
            "three words edited", "quotes, dashes and whitespace", "paragraphs re-flowed",
        ])
    func perturbations(name: String) throws {
        let original = try shingles(try wire)
        let edited = try shingles(Self.perturb(try wire, name))
        #expect(Self.perturb(try wire, name) != (try wire))
        let similarity = rule.similarity(original, edited)
        #expect(similarity != nil, "\(name): Jaccard \(original.jaccard(edited))")
        #expect((original.simHash ^ edited.simHash).nonzeroBitCount <= SimHashIndex.maximumRadius, "\(name)")
    }

    @Test("stories that differ only in their numbers are not near-duplicates")
    func numbersDiffer() throws {
        let template = { (revenue: Int, growth: Int, score: String) in
            """
            Results day

            The company reported revenue of \(revenue) million pounds for the quarter, up \(growth) percent on the \
            year before, while operating profit reached 71 million pounds. Earnings per share came in at 12 pence, \
            compared with 9 pence a year earlier, and the board raised the dividend again. The company said it \
            employed more people at the end of the period and expected sales growth to continue next year as new \
            stores open across the country. In sport, the home side won \(score) in front of a large crowd, and the \
            forecast is for a dry and bright weekend with light winds for most of the region.
            """
        }
        let first = try shingles(template(412, 7, "3-1"))
        #expect(rule.similarity(first, try shingles(template(415, 7, "3-1"))) == nil)
        #expect(rule.similarity(first, try shingles(template(412, 8, "3-1"))) == nil)
        #expect(rule.similarity(first, try shingles(template(412, 7, "2-1"))) == nil)
        #expect(rule.similarity(first, try shingles(template(412, 7, "3-1"))) != nil)
    }

    @Test("different stories on the same subject are not near-duplicates")
    func sameSubject() throws {
        let first = try shingles(try story("bbc/business/121.txt"))
        let second = try shingles(try story("bbc/business/438.txt"))
        #expect(rule.similarity(first, second) == nil)
        #expect(first.jaccard(second) < 0.5)
    }

    @Test("numbers agree when one text's numbers include the other's")
    func numbersGuard() {
        #expect(NearDuplicateRule.numbersAgree(["4", "2025"], ["4", "2025", "12"]))
        #expect(NearDuplicateRule.numbersAgree([], ["7"]))
        #expect(!NearDuplicateRule.numbersAgree(["412", "7"], ["415", "7"]))
    }

    @Test("short articles are never near-duplicates")
    func shortArticles() throws {
        let text = "Short item\n\nThe council met on Tuesday and approved the plan for the new library building.\n"
        let one = try shingles(text)
        #expect(one.wordCount < rule.minimumWords)
        #expect(rule.similarity(one, one) == nil)
    }

    @Test("the index finds exactly what comparing the query with every stored fingerprint finds, at every radius")
    func indexAgreesWithBruteForce() {
        var state: UInt64 = 7
        func random() -> UInt64 {
            state = StableHash.mix(state)
            return state
        }
        // Clusters: 60 centres, each with 100 variants 0 to 16 bits away, so that many stored
        // fingerprints lie near one another and near the queries; more than the merge threshold,
        // so that both the tables and the unmerged tail are searched.
        var index = SimHashIndex()
        var stored: [UInt64] = []
        let centres = (0..<60).map { _ in random() }
        func near(_ centre: UInt64, flips: Int) -> UInt64 {
            var value = centre
            for _ in 0..<flips { value ^= 1 << (random() % 64) }
            return value
        }
        for round in 0..<100 {
            for centre in centres {
                stored.append(near(centre, flips: round % 17))
                index.insert(stored.last!)
            }
        }
        for trial in 0..<200 {
            let query = near(centres[trial % centres.count], flips: trial % 9)
            for radius in [0, 3, 7, 11] {
                let found = index.candidates(near: query, radius: radius)
                let expected = stored.indices.filter { (stored[$0] ^ query).nonzeroBitCount <= radius }
                #expect(Set(found.map { Int($0.ordinal) }) == Set(expected), "radius \(radius)")
                #expect(found.count == expected.count)
                #expect(found.map(\.distance) == found.map(\.distance).sorted())
            }
        }
    }

    @Test("filing many fingerprints at once gives the index that filing them one by one gives")
    func bulkInsert() {
        var state: UInt64 = 3
        let fingerprints = (0..<20_000).map { _ -> UInt64 in
            state = StableHash.mix(state)
            return state
        }
        var oneByOne = SimHashIndex()
        var atOnce = SimHashIndex()
        for fingerprint in fingerprints { oneByOne.insert(fingerprint) }
        atOnce.insert(contentsOf: fingerprints[..<12_345])
        for fingerprint in fingerprints[12_345..<15_000] { atOnce.insert(fingerprint) }
        atOnce.insert(contentsOf: fingerprints[15_000...])
        #expect(atOnce.fingerprints == oneByOne.fingerprints)
        for (number, fingerprint) in fingerprints.enumerated() where number % 97 == 0 {
            let query = fingerprint ^ (1 << UInt64(number % 64)) ^ (1 << UInt64((number / 64) % 64))
            let found = atOnce.candidates(near: query, radius: 11)
            #expect(found.map(\.ordinal) == oneByOne.candidates(near: query, radius: 11).map(\.ordinal))
            #expect(found.contains { $0.ordinal == UInt32(number) })
        }
    }

    @Test("the index finds every fingerprint within radius 11 and none beyond")
    func indexRadius() {
        var index = SimHashIndex()
        var state: UInt64 = 1
        func random() -> UInt64 {
            state = StableHash.mix(state)
            return state
        }
        var stored: [UInt64] = []
        for _ in 0..<100_000 {
            stored.append(random())
            index.insert(stored.last!)
        }
        for trial in 0..<300 {
            let target = stored[Int(random() % UInt64(stored.count))]
            var query = target
            let flips = trial % 13
            var flipped = Set<Int>()
            while flipped.count < flips { flipped.insert(Int(random() % 64)) }
            for bit in flipped { query ^= 1 << UInt64(bit) }
            let found = index.candidates(near: query, radius: 11)
            if flips <= 11 {
                #expect(found.contains { stored[Int($0.ordinal)] == target }, "distance \(flips)")
            }
            #expect(found.allSatisfy { $0.distance <= 11 && (stored[Int($0.ordinal)] ^ query).nonzeroBitCount == $0.distance })
        }
        // The candidate index's budget, with the 8-byte archive offset the store keeps beside it.
        // Postings of 8 bytes in four tables, the fingerprint, and the fixed offset tables
        // spread over 100,000 fingerprints.
        #expect(index.memoryBytes / index.count + 8 < 64, "\(index.memoryBytes / index.count) bytes per fingerprint")
    }
}
