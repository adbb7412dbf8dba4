import Foundation
import NewsdropCore

/// The fuzz targets, one per family of input, each with its own seeds and dictionary under
/// Tests/Fixtures/fuzz/ (scripts/fuzz). `NEWSDROP_FUZZ_TARGET` chooses one; `pipeline` is the
/// default. Every target must never crash or hang, and checks what must hold of its output.
enum FuzzTarget: String, CaseIterable {
    /// Format sniffing, every reader and a full record with a Foundation JSON round trip and the
    /// schema checks: the whole of `newsdrop parse`.
    case pipeline
    /// The plain-text layouts (date marker, header, headline, paragraphs), sniffing skipped.
    case plain
    /// Markdown with front matter.
    case markdown
    /// JSON objects, arrays, JSON Lines and JSON Feed.
    case json
    /// RSS 2.0, RSS 1.0 and Atom through libxml2.
    case feed
    /// HTML pages through libxml2 and the main-text extractor.
    case html
    /// The publication-date parser: what it accepts must print and read back as the same date.
    case date
    /// Canonical text: the fast path for common characters gives what the full Unicode path gives,
    /// and the result has single spaces only, none at either end.
    case canonical

    /// The target the environment names; exits with a message for an unknown name.
    static var selected: FuzzTarget {
        let name = ProcessInfo.processInfo.environment["NEWSDROP_FUZZ_TARGET"] ?? "pipeline"
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("unknown NEWSDROP_FUZZ_TARGET \(name); one of \(allCases.map(\.rawValue))\n".utf8))
            exit(64)
        }
        return target
    }

    static let facts = FileFacts(name: "fuzz", modified: Date(timeIntervalSince1970: 1_700_000_000))
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    func run(_ bytes: [UInt8]) {
        switch self {
        case .pipeline: Self.fullRecord(bytes)
        case .plain: Self.records(bytes, as: .plainText)
        case .markdown: Self.records(bytes, as: .markdown)
        case .json: Self.records(bytes, as: .json)
        case .feed: Self.records(bytes, as: .feed)
        case .html: Self.records(bytes, as: .html)
        case .date: Self.date(String(decoding: bytes, as: UTF8.self))
        case .canonical: Self.canonical(String(decoding: bytes, as: UTF8.self))
        }
    }

    private static func fullRecord(_ bytes: [UInt8]) {
        do throws(RejectionError) {
            let record = try ArticleParser().parse(bytes, file: facts, now: now)
            let line = record.jsonBytes()
            guard let decoded = try? JSONDecoder().decode(JSONValue.self, from: Data(line)) else {
                fatalError("a record is not valid JSON")
            }
            let problems = RecordValidator.problems(in: decoded)
            precondition(problems.isEmpty, "an invalid record: \(problems)")
        } catch {
            precondition(!error.reason.isEmpty)
        }
        _ = CanonicalText.canonicalize(String(decoding: bytes, as: UTF8.self))
    }

    /// Reads `bytes` as one family; every record must be one JSON line of valid UTF-8 whose id
    /// is the hash of its identity text.
    private static func records(_ bytes: [UInt8], as family: FormatReaders.Family) {
        do throws(RejectionError) {
            for record in try ArticleParser().parseAll(bytes, file: facts, now: now, as: family).records {
                let line = record.jsonBytes()
                precondition(line.first == UInt8(ascii: "{") && line.last == UInt8(ascii: "}"), "a record is not one object")
                precondition(!line.contains(UInt8(ascii: "\n")), "a record spans lines")
                precondition(String(validating: line, as: UTF8.self) != nil, "a record is not UTF-8")
                precondition(!record.blocks.isEmpty, "a record without text")
            }
        } catch {
            precondition(!error.reason.isEmpty && !error.message.isEmpty)
        }
    }

    private static func date(_ text: String) {
        guard case .success(let date) = PublicationDateParser.parse(text, now: now) else { return }
        let printed = date.description
        precondition(PublicationDateParser.iso8601(printed) == date, "\(text) gave \(printed), which reads back otherwise")
    }

    private static func canonical(_ text: String) {
        let full = CanonicalText.fullCanonical(text)
        if let fast = CanonicalText.commonCanonical(text) {
            precondition(fast == full, "the fast path and the full path disagree")
        }
        precondition(!full.hasPrefix(" ") && !full.hasSuffix(" ") && !full.contains("  "), "white space is not collapsed")
    }
}

#if FUZZING
    /// libFuzzer's entry point for one input.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        Fuzz.target.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }

    /// libFuzzer's driver; run with the usual libFuzzer flags (`-max_total_time=60 CORPUS_DIR`).
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    @main
    struct Fuzz {
        nonisolated(unsafe) static var target = FuzzTarget.pipeline

        static func main() {
            target = FuzzTarget.selected
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv, fuzzTestOneInput))
        }
    }
#else
    /// Without libFuzzer: runs each file named on the command line through the chosen target, to
    /// reproduce what the fuzzer found.
    @main
    struct FuzzReplay {
        static func main() throws {
            let target = FuzzTarget.selected
            for path in CommandLine.arguments.dropFirst() {
                target.run(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
                print("ok \(target.rawValue) \(path)")
            }
        }
    }
#endif
