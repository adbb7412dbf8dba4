import Foundation
import NewsdropCore

/// The code under fuzzing: decoding, layout detection, parsing and canonicalization of arbitrary
/// bytes must never crash, hang or produce a record that is not valid.
func fuzzOne(_ bytes: [UInt8]) {
    let facts = FileFacts(name: "fuzz", modified: Date(timeIntervalSince1970: 1_700_000_000))
    do throws(RejectionError) {
        let record = try ArticleParser().parse(bytes, file: facts, now: Date(timeIntervalSince1970: 1_800_000_000))
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

#if FUZZING
/// libFuzzer's entry point for one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOne(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
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
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, fuzzTestOneInput))
    }
}
#else
/// Without libFuzzer: runs each file named on the command line through the fuzz target, to
/// reproduce what the fuzzer found.
@main
struct FuzzReplay {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            fuzzOne(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            print("ok \(path)")
        }
    }
}
#endif
