import ArgumentParser
import Foundation
import NewsdropCore
import NewsdropDaemon
import NewsdropStore
#if canImport(Glibc)
import Glibc
#endif

/// `newsdrop tail`: prints the archive's records, and with -f follows new ones across rotation.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print the archive's latest records; with -f, keep printing new ones.",
        discussion: """
            Prints only complete records, never a half-written line. Without --from-start or \
            --all-segments it starts with the last --lines records of the archive. With -f it \
            follows new records across rotation, built-in or external (mv plus reload), with none \
            lost or repeated, until SIGTERM, SIGINT or a closed pipe. Filters apply to everything \
            printed; --format text is a readable view for people.

            Examples:
              newsdrop tail -f | jq -r .title
              newsdrop tail --all-segments --since 2025-09-01 --lang uk --format text
              newsdrop tail -f --grep '(?i)ceasefire' | head -5
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json
        case text
    }

    @Flag(name: .short, help: "Follow new records as they are appended.")
    var follow = false

    @Option(name: .long, help: ArgumentHelp("A YAML config file to take the archive path from.", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The archive to read.", valueName: "file"))
    var archive: String?

    @Flag(name: .long, help: "Start at the archive's first record.")
    var fromStart = false

    @Flag(name: .long, help: "Start at the oldest rotated segment and read every segment in order.")
    var allSegments = false

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp("How many of the latest records to start with.", valueName: "count"))
    var lines = 10

    @Option(name: .long, help: ArgumentHelp("Only records published on or after this date.", valueName: "date"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Only records published on or before this date.", valueName: "date"))
    var until: String?

    @Option(name: .long, help: ArgumentHelp("Only records in this language (en matches en-GB).", valueName: "code"))
    var lang: String?

    @Option(name: .long, help: ArgumentHelp("Only records whose title or text matches this regular expression.", valueName: "regex"))
    var grep: String?

    @Option(name: .long, help: ArgumentHelp("json (the archive's lines) or text (for people).", valueName: "format"))
    var format: Format = .json

    func parseDate(_ raw: String?, _ option: String) throws -> PublicationDate? {
        guard let raw else { return nil }
        guard case .success(let date) = PublicationDateParser.parse(raw, now: .distantFuture) else {
            throw ValidationError("\(option): \"\(raw)\" is not a date (use YYYY-MM-DD)")
        }
        return date
    }

    func run() async throws {
        let filter: RecordFilter
        do {
            filter = try RecordFilter(since: try parseDate(since, "--since"), until: try parseDate(until, "--until"),
                                      language: lang, pattern: grep)
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("--grep: \(error.localizedDescription)")
        }
        let settings = try await CommandSupport.settings(config: config, flags: ["archive": archive])
        let path = settings.archive
        if !follow { try CommandSupport.requireArchive(path) }
        signal(SIGPIPE, SIG_IGN)
        signal(SIGTERM) { _ in _exit(0) }
        signal(SIGINT) { _ in _exit(0) }
        let output = RecordOutput(filter: filter, format: format)
        do {
            let end = try printInitial(path: path, output: output)
            guard follow else { return }
            let follower = ArchiveFollower(archivePath: path)
            follower.start(at: end)
            while true {
                try follower.poll(output.emit)
                if Self.outputClosed() { return }
                try await Task.sleep(for: .milliseconds(100))
            }
        } catch is ClosedPipe {
            return
        }
    }

    /// True when standard output is a pipe whose reader has gone: the next write would fail, but
    /// while following there may be no next write for a long time.
    static func outputClosed() -> Bool {
        var descriptor = pollfd(fd: STDOUT_FILENO, events: 0, revents: 0)
        return poll(&descriptor, 1, 0) > 0 && descriptor.revents & Int16(POLLERR | POLLHUP) != 0
    }

    /// Prints what comes before following; returns the archive offset where following starts.
    private func printInitial(path: String, output: RecordOutput) throws -> UInt64 {
        if allSegments {
            for segment in ArchiveSegments(archivePath: path).rotated() {
                try ArchiveSegments.forEachLine(in: segment, output.emit)
            }
        }
        let reader = ArchiveReader(path: path)
        if allSegments || fromStart {
            return try reader.forEachLine { _, line in try output.emit(line) }
        }
        // The last `lines` matching records.
        var latest: [[UInt8]] = []
        let end = try reader.forEachLine { _, line in
            guard output.passes(line) else { return }
            latest.append(Array(line))
            if latest.count > lines { latest.removeFirst(latest.count - lines) }
        }
        for line in latest { try line.withUnsafeBufferPointer(output.emit) }
        return end
    }
}

/// Standard output was closed by its reader (`newsdrop tail -f | head`).
struct ClosedPipe: Error {}

/// Filters records and writes them, one `write` per record.
struct RecordOutput {
    let filter: RecordFilter
    let format: TailCommand.Format

    init(filter: RecordFilter, format: TailCommand.Format) {
        self.filter = filter
        self.format = format
    }

    func passes(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !filter.isEmpty else { return true }
        return decoded(line) != nil
    }

    /// The record when it passes the filter; decoded once, and only when a filter or the text
    /// format needs its fields.
    private func decoded(_ line: UnsafeBufferPointer<UInt8>) -> [String: JSONValue]? {
        guard let record = JSONValue(parsing: Data(line))?.object, filter.isEmpty || filter.matches(record) else { return nil }
        return record
    }

    func emit(_ line: UnsafeBufferPointer<UInt8>) throws {
        var bytes: [UInt8]
        switch format {
        case .json:
            guard passes(line) else { return }
            bytes = Array(line) + [UInt8(ascii: "\n")]
        case .text:
            guard let record = decoded(line) else { return }
            bytes = Array(RecordText.format(record).utf8)
        }
        var done = 0
        while done < bytes.count {
            let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress! + done, $0.count - done) }
            if written < 0 {
                if errno == EINTR { continue }
                throw ClosedPipe()
            }
            done += written
        }
    }
}
