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

    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: ArgumentHelp("json (the archive's lines) or text (for people).", valueName: "format"))
    var format: Format = .json

    func run() async throws {
        let filter = try filters.filter()
        let settings = try await CommandSupport.settings(config: config, flags: ["archive": archive])
        signal(SIGPIPE, SIG_IGN)
        signal(SIGTERM) { _ in _exit(0) }
        signal(SIGINT) { _ in _exit(0) }
        let output = RecordOutput(filter: filter, format: format)
        if settings.backend == .postgres {
            try await tailTable(settings: settings, output: output)
            return
        }
        let path = settings.archive
        if !follow { try CommandSupport.requireArchive(path) }
        do {
            guard follow else {
                _ = try ArchiveReader.withOpenFile(path) { try printInitial(fd: $0, path: path, output: output) }
                return
            }
            let follower = ArchiveFollower(archivePath: path)
            try follower.start { try printInitial(fd: $0, path: path, output: output) }
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

    /// Prints what comes before following from the archive open as `fd` (`nil`: no archive yet);
    /// returns the archive offset where following starts.
    private func printInitial(fd: Int32?, path: String, output: RecordOutput) throws -> UInt64 {
        if allSegments {
            for segment in ArchiveSegments(archivePath: path).rotated() {
                try ArchiveSegments.forEachLine(in: segment, output.emit)
            }
        }
        guard let fd else { return 0 }
        if allSegments || fromStart {
            return try ArchiveReader.forEachLine(in: fd, path: path) { _, line in try output.emit(line) }
        }
        // The last `lines` matching records.
        var latest: [[UInt8]] = []
        let end = try ArchiveReader.forEachLine(in: fd, path: path) { _, line in
            guard output.passes(line) else { return }
            latest.append(Array(line))
            if latest.count > lines { latest.removeFirst(latest.count - lines) }
        }
        for line in latest { try line.withUnsafeBufferPointer(output.emit) }
        return end
    }
}
