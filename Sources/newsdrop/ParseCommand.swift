import ArgumentParser
import Foundation
import NewsdropCore

/// `newsdrop parse`: shows the record each file would get, without touching any archive.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print the record each file would get, as JSON Lines on standard output.",
        discussion: """
            Nothing is archived and nothing is deduplicated. A file that cannot be parsed is \
            reported on standard error with its reason; the exit status is then 65 (EX_DATAERR), \
            or 66 (EX_NOINPUT) when a file does not exist.

            Example:
              newsdrop parse article.txt | jq .title
            """
    )

    @Argument(help: ArgumentHelp("The article files to parse.", valueName: "file"))
    var files: [String]

    func run() throws {
        let parser = ArticleParser()
        var worst: ExitCode?
        for path in files {
            let url = URL(fileURLWithPath: path)
            let bytes: [UInt8]
            let modified: Date
            do {
                bytes = Array(try Data(contentsOf: url))
                modified = (try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
            } catch {
                printError("newsdrop: \(path): cannot read the file (\(error.localizedDescription))")
                worst = worst ?? ExitStatus.noInput
                continue
            }
            do {
                let record = try parser.parse(bytes, file: FileFacts(name: url.lastPathComponent, modified: modified), now: Date())
                FileHandle.standardOutput.write(Data(record.jsonBytes() + [UInt8(ascii: "\n")]))
            } catch {
                printError("newsdrop: \(path): \(error.reason): \(error.message)")
                worst = ExitStatus.dataError
            }
        }
        if let worst { throw worst }
    }
}
