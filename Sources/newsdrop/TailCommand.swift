import ArgumentParser
import Foundation
import NewsdropCore
import NewsdropDaemon
import NewsdropStore
import Synchronization

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

            Where it starts: --from-start is the start of the current archive file only; records \
            already rotated into segments are not shown. --all-segments starts at the oldest \
            segment that retention kept, and reads every segment in order.

            Resuming: with --cursor-file PATH the place after the last record read is kept in \
            PATH, and a later run with the same PATH continues right after it, across rotation, \
            compression and daemon restarts. Nothing is missed; a reader that was killed prints \
            again at most the records it printed since the last save (saves follow each poll, \
            ten times a second while records arrive, and a SIGTERM or SIGINT saves before the \
            exit). While PATH does not exist, --from-start, --all-segments and --lines choose the \
            start; once it does, they are ignored. When retention has deleted the segment the \
            cursor points into, tail exits 78 unless --cursor-missing says where to go on: \
            oldest (the oldest record kept) or newest (only records archived from now). An \
            archive renamed outside the segment names (mv to archive.1) cannot be resumed in.

            Examples:
              newsdrop tail -f | jq -r .title
              newsdrop tail --all-segments --since 2025-09-01 --lang uk --format text
              newsdrop tail -f --grep '(?i)ceasefire' | head -5
              newsdrop tail -f --cursor-file /var/lib/consumer/newsdrop.cursor | consumer
            """
    )

    /// Output formats.
    /// Where to go on when the cursor's file no longer exists.
    enum CursorMissing: String, ExpressibleByArgument, CaseIterable {
        case oldest
        case newest
    }

    @Flag(name: .short, help: "Follow new records as they are appended.")
    var follow = false

    @OptionGroup var configOption: ConfigOption

    @OptionGroup var archiveOption: ArchiveOption

    private var config: String? { configOption.config }
    private var archive: String? { archiveOption.archive }

    @Flag(name: .long, help: "Start at the current archive file's first record (not its rotated segments).")
    var fromStart = false

    @Flag(name: .long, help: "Start at the oldest rotated segment and read every segment in order.")
    var allSegments = false

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp("How many of the latest records to start with.", valueName: "count"))
    var lines = 10

    @Option(
        name: .long, help: ArgumentHelp("Keep the place after the last record read in this file, and resume from it.", valueName: "path"))
    var cursorFile: String?

    @Option(
        name: .long, help: ArgumentHelp("When the cursor's segment was deleted: oldest or newest (default: exit 78).", valueName: "where"))
    var cursorMissing: CursorMissing?

    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: ArgumentHelp("json (the archive's lines) or text (for people).", valueName: "format"))
    var format: OutputFormat = .json

    /// Set by SIGTERM and SIGINT when a cursor is kept: the command saves it and exits.
    static let stopRequested = Atomic<Bool>(false)

    /// Ends a read when a stop was requested, so the cursor is saved at a record boundary.
    struct Stopped: Error {}

    func validate() throws {
        if cursorMissing != nil, cursorFile == nil {
            throw ValidationError("--cursor-missing needs --cursor-file")
        }
    }

    func run() async throws {
        let filter = try filters.filter()
        let settings = try await CommandSupport.settings(config: config, flags: ["archive": archive])
        signal(SIGPIPE, SIG_IGN)
        if cursorFile == nil {
            signal(SIGTERM) { _ in _exit(0) }
            signal(SIGINT) { _ in _exit(0) }
        } else {
            signal(SIGTERM) { _ in TailCommand.stopRequested.store(true, ordering: .relaxed) }
            signal(SIGINT) { _ in TailCommand.stopRequested.store(true, ordering: .relaxed) }
        }
        let output = RecordOutput(filter: filter, format: format)
        let cursor = cursorFile.map(CursorFile.init(path:))
        let saved = try loadCursor(cursor)
        do {
            if RecordSourceChoice(settings: settings, archiveFlag: archive) == .table {
                try await tailTable(settings: settings, output: output, cursor: cursor, saved: saved)
            } else {
                try await tailFile(settings.archive, output: output, cursor: cursor, saved: saved)
            }
        } catch let error as CursorFile.NotSaved {
            printError("newsdrop: \(cursorFile ?? ""): \(error)")
            throw ExitStatus.cannotCreate.code
        }
    }

    /// `tail` on the archive file and its segments.
    private func tailFile(_ path: String, output: RecordOutput, cursor: CursorFile?, saved: CursorFile.Place?) async throws {
        if !follow, cursor == nil { try CommandSupport.requireArchive(path) }
        let follower = ArchiveFollower(archivePath: path)
        follower.onMissedSegment = { segment in
            printError("newsdrop: \(segment) was deleted by retention (rotate.keep) before it was read; its records are skipped")
        }
        var savedPosition = saved.flatMap { if case .archive(let position) = $0 { position } else { nil } }
        func saveIfMoved() throws {
            guard let cursor, follower.position != savedPosition else { return }
            try cursor.save(.archive(follower.position))
            savedPosition = follower.position
        }
        do {
            let resumed = try await begin(follower, saved: saved, output: output)
            var lastSave = ContinuousClock.now
            // Without -f, one read when resumed (the start printed nothing yet), else none.
            while follow || resumed {
                try follower.poll { line in
                    if Self.stopRequested.load(ordering: .relaxed) { throw Stopped() }
                    try output.emit(line)
                    if ContinuousClock.now - lastSave > .seconds(1) {
                        try saveIfMoved()
                        lastSave = .now
                    }
                }
                try saveIfMoved()
                lastSave = .now
                if !follow || Self.outputClosed() || Self.stopRequested.load(ordering: .relaxed) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
        } catch is ClosedPipe {
        } catch is Stopped {
        } catch let error as ArchiveSegments.NotALineEnd {
            printError("newsdrop: the cursor in \(cursorFile ?? "") does not fit the archive: \(error)")
            throw ExitStatus.dataError.code
        }
        // The place after the last record printed, whichever way the reading ended.
        try saveIfMoved()
    }

    /// The cursor file's place, or `nil` when there is none yet; an unusable file ends the
    /// command with EX_DATAERR.
    private func loadCursor(_ cursor: CursorFile?) throws -> CursorFile.Place? {
        do {
            return try cursor?.load()
        } catch {
            printError("newsdrop: \(error)")
            throw ExitStatus.dataError.code
        }
    }

    /// Places the follower where reading starts, printing the first records when the start asks
    /// for them; returns true when it was placed without reading (resumed), so a first poll reads.
    private func begin(_ follower: ArchiveFollower, saved: CursorFile.Place?, output: RecordOutput) async throws -> Bool {
        switch saved {
        case .archive(let position)?:
            if try follower.resume(from: position) { return true }
            switch cursorMissing {
            case nil:
                printError(
                    """
                    newsdrop: the cursor in \(cursorFile ?? "") points into a segment that no longer exists \
                    (rotate.keep removed it, or the archive was renamed away); records may have been missed. \
                    Pass --cursor-missing oldest or newest to go on, or remove the cursor file.
                    """)
                throw ExitStatus.config.code
            case .oldest?:
                printError("newsdrop: the cursor's segment no longer exists; resuming at the oldest record kept")
                _ = try follower.resume(from: .origin)
                return true
            case .newest?:
                printError("newsdrop: the cursor's segment no longer exists; resuming with new records only")
                try follower.start { fd in try fd.map { try ArchiveReader.forEachLine(in: $0, path: follower.archivePath) { _, _ in } } ?? 0
                }
                return false
            }
        case .table?:
            printError("newsdrop: the cursor in \(cursorFile ?? "") is for backend: postgres, and these settings read an archive file")
            throw ExitStatus.config.code
        case nil:
            if allSegments {
                _ = try follower.resume(from: .origin)
                return true
            }
            try follower.start { try printInitial(fd: $0, path: follower.archivePath, output: output) }
            return false
        }
    }

    /// True when standard output is a pipe whose reader has gone: the next write would fail, but
    /// while following there may be no next write for a long time.
    static func outputClosed() -> Bool {
        var descriptor = pollfd(fd: STDOUT_FILENO, events: 0, revents: 0)
        return poll(&descriptor, 1, 0) > 0 && descriptor.revents & Int16(POLLERR | POLLHUP) != 0
    }

    /// Prints what comes before following from the archive open as `fd` (`nil`: no archive yet):
    /// all of it with --from-start, else its last --lines matching records. Returns the archive
    /// offset where following starts.
    private func printInitial(fd: Int32?, path: String, output: RecordOutput) throws -> UInt64 {
        guard let fd else { return 0 }
        if fromStart {
            return try ArchiveReader.forEachLine(in: fd, path: path) { _, line in try output.emit(line) }
        }
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
