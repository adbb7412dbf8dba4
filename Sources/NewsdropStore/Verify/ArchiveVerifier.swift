import Foundation
public import NewsdropCore
import NewsdropIO

#if canImport(Glibc)
    import Glibc
#endif

/// Checks an archive after the fact: every line a complete record valid against the schema, ids
/// unique and matching each record's canonical text, and the dedup state in agreement with the
/// archive. `newsdrop verify` prints what it finds; the reliability tests use it as their oracle.
public struct ArchiveVerifier {
    /// One thing wrong, at a line of a segment or the archive (or at line 0 for the state).
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String

        public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
    }

    /// What a verification found.
    public struct Report: Sendable {
        public var records = 0
        public var problems: [Problem] = []
        /// Remarks that are not problems, such as a missing checkpoint.
        public var notes: [String] = []
    }

    public let archivePath: String
    public let stateDirectory: String?

    public init(archivePath: String, stateDirectory: String?) {
        self.archivePath = archivePath
        self.stateDirectory = stateDirectory
    }

    /// The files verified: rotated segments, oldest first, then the archive.
    public var files: [String] { ArchiveSegments(archivePath: archivePath).all() }

    /// Verifies every segment and the archive; `progress` is called now and then with the bytes
    /// of the archive read so far.
    public func run(progress: (UInt64) -> Void = { _ in }) throws -> Report {
        var report = Report()
        guard access(archivePath, F_OK) == 0 else { throw SystemError("open", path: archivePath, errno: ENOENT) }
        var firstSeen: [UInt128: String] = [:]
        var offsets: [UInt128: UInt64] = [:]
        func check(_ line: UnsafeBufferPointer<UInt8>, file: String, number: Int) -> ArticleID? {
            report.records += 1
            guard let record = JSONValue(parsing: Data(line)) else {
                report.problems.append(Problem(file: file, line: number, message: "not valid JSON"))
                return nil
            }
            for message in RecordValidator.problems(in: record) {
                report.problems.append(Problem(file: file, line: number, message: message))
            }
            guard let id = record.object?["id"]?.string.flatMap(ArticleID.init(hex:)) else { return nil }
            if let first = firstSeen[id.value] {
                report.problems.append(Problem(file: file, line: number, message: "id \(id) repeats the record at \(first)"))
                return nil
            }
            firstSeen[id.value] = "\(file):\(number)"
            return id
        }
        for segment in ArchiveSegments(archivePath: archivePath).rotated() {
            var number = 0
            try ArchiveSegments.forEachLine(in: segment) { line in
                number += 1
                _ = check(line, file: segment, number: number)
            }
        }
        var number = 0
        let end = try ArchiveReader(path: archivePath).forEachLine { offset, line in
            number += 1
            if number % 4096 == 0 { progress(offset) }
            if let id = check(line, file: archivePath, number: number) { offsets[id.value] = offset }
        }
        let size = try fileSize()
        if end < size {
            report.problems.append(
                Problem(
                    file: archivePath, line: number + 1,
                    message: "the last \(size - end) bytes are an unfinished line (a torn write); newsdrop cuts them off at its next start")
            )
        }
        progress(size)
        try checkState(known: Set(firstSeen.keys), offsets: offsets, report: &report)
        return report
    }

    private func fileSize() throws -> UInt64 {
        var info = stat()
        guard stat(archivePath, &info) == 0 else { throw SystemError.current("stat", path: archivePath) }
        return UInt64(info.st_size)
    }

    /// The checkpoint may lag the archive, never lead it: every id it holds must be archived, and
    /// every record before the offset it covers must be in it.
    private func checkState(known archived: Set<UInt128>, offsets ids: [UInt128: UInt64], report: inout Report) throws {
        guard let stateDirectory else { return }
        let path = stateDirectory + "/" + LocalDedupIndex.checkpointName
        guard let checkpoint = try DedupCheckpoint.read(from: path) else {
            report.notes.append("no dedup checkpoint at \(path); newsdrop rebuilds it from the archive at its next start")
            return
        }
        var info = stat()
        let sameFile =
            stat(archivePath, &info) == 0
            && FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)) == checkpoint.archive
        let known = Set(checkpoint.ids)
        for id in checkpoint.ids where !archived.contains(id) {
            report.problems.append(
                Problem(
                    file: path, line: 0,
                    message:
                        "the dedup state holds \(ArticleID(value: id)), which is in no archive record: a file with that article would be dropped as a duplicate (run newsdrop with the state folder removed to rebuild it)"
                ))
        }
        if sameFile {
            for (id, offset) in ids where offset < checkpoint.coveredLength && !known.contains(id) {
                report.problems.append(
                    Problem(
                        file: path, line: 0,
                        message: "record \(ArticleID(value: id)) is before the checkpoint's end but missing from the dedup state"))
            }
        } else {
            report.notes.append(
                "the dedup checkpoint was written for another archive file (rotated or restored); newsdrop reads this archive whole at its next start"
            )
        }
    }
}
