import ArgumentParser
import Foundation
import NewsdropCore

/// `newsdrop parse`: shows the records each file would get, without touching any archive.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print the records each file would get, as JSON Lines on standard output.",
        discussion: """
            The format is chosen by content: plain text (three layouts), Markdown with front matter, \
            JSON (one object, an array or JSON Lines; news-please, trafilatura, newspaper4k, \
            schema.org and JSON Feed fields), RSS, RDF and Atom feeds, and HTML pages. A file that \
            holds several articles prints one line per article.

            Nothing is archived and nothing is deduplicated. A file that cannot be parsed, and an \
            item of a feed or JSON file that was skipped, is reported on standard error with its \
            reason; the exit status is then 65 (EX_DATAERR), or 66 (EX_NOINPUT) when a file does \
            not exist.

            Examples:
              newsdrop parse article.txt | jq .title
              newsdrop parse --timing pages/*.html > records.jsonl
            """
    )

    @Flag(help: "Report on standard error the CPU time parsing took on this thread (reading and printing excluded).")
    var timing = false

    @Argument(help: ArgumentHelp("The article files to parse.", valueName: "file"))
    var files: [String]

    func run() throws {
        let parser = ArticleParser()
        var worst: ExitCode?
        var parseSeconds = 0.0
        var parsedBytes = 0
        var output = Data()
        for path in files {
            let url = URL(fileURLWithPath: path)
            let bytes: [UInt8]
            let modified: Date
            do {
                bytes = Array(try Data(contentsOf: url))
                modified = (try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
            } catch {
                printError("newsdrop: \(path): cannot read the file (\(error.localizedDescription))")
                worst = worst ?? ExitStatus.noInput.code
                continue
            }
            let facts = FileFacts(name: url.lastPathComponent, modified: modified)
            let start = Self.threadCPUSeconds()
            let result = Result { () throws(RejectionError) in try parser.parseAll(bytes, file: facts, now: Date()) }
            parseSeconds += Self.threadCPUSeconds() - start
            parsedBytes += bytes.count
            switch result {
            case .success(let parsed):
                for record in parsed.records { output.append(contentsOf: record.jsonBytes() + [UInt8(ascii: "\n")]) }
                for item in parsed.skipped {
                    printError("newsdrop: \(path): item \(item.index) skipped: \(item.reason): \(item.message)")
                    worst = ExitStatus.dataError.code
                }
            case .failure(let error):
                printError("newsdrop: \(path): \(error.reason): \(error.message)")
                worst = ExitStatus.dataError.code
            }
            if output.count > 1 << 20 {
                FileHandle.standardOutput.write(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(output)
        if timing {
            let seconds = parseSeconds
            let rate = seconds > 0 ? Double(files.count) / seconds : 0
            printError(
                String(
                    format: "parsed %d files (%.1f MB) in %.3f s of CPU: %.0f files/s, %.1f MB/s",
                    files.count, Double(parsedBytes) / 1e6, seconds, rate, seconds > 0 ? Double(parsedBytes) / 1e6 / seconds : 0))
        }
        if let worst { throw worst }
    }

    /// CPU time this thread has used: unlike the wall clock, not inflated by other processes.
    static func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }
}
