import Foundation
import NewsdropIO
import NewsdropStore

/// `tail --cursor-file`: where a reader stopped, kept in one small JSON file.
///
/// It is replaced atomically (a temporary file and a rename) and never synced: a reader that is
/// killed, or a machine that crashes, finds a whole cursor, at worst an older one. Saving is
/// cheap enough to do at every poll; the records printed after the last save are the ones a
/// restarted reader prints again.
struct CursorFile {
    let path: String

    /// A saved place: in the archive files, or in the PostgreSQL table.
    enum Place: Equatable {
        case archive(ArchivePosition)
        case table(sequence: Int64)
    }

    /// The file's form: `{"backend":"file","file":"…","offset":…,"record":"…"}` or
    /// `{"backend":"postgres","seq":…}`.
    private struct Contents: Codable {
        var backend: String
        var file: String?
        var offset: UInt64?
        var record: String?
        var seq: Int64?
    }

    /// A cursor file that cannot be used: unreadable, not a cursor, or for the other backend.
    struct Unusable: Error, CustomStringConvertible {
        let description: String
    }

    /// The saved place, or `nil` when the file does not exist yet.
    func load() throws -> Place? {
        guard let data = FileManager.default.contents(atPath: path) else {
            guard !FileManager.default.fileExists(atPath: path) else { throw Unusable(description: "\(path): cannot be read") }
            return nil
        }
        guard let contents = try? JSONDecoder().decode(Contents.self, from: data) else {
            throw Unusable(description: "\(path): not a newsdrop cursor (expected one JSON object with \"backend\")")
        }
        switch contents.backend {
        case "file":
            return .archive(ArchivePosition(file: contents.file, offset: contents.offset, record: contents.record))
        case "postgres":
            guard let seq = contents.seq else { throw Unusable(description: "\(path): a postgres cursor without \"seq\"") }
            return .table(sequence: seq)
        default:
            throw Unusable(description: "\(path): unknown backend \"\(contents.backend)\"")
        }
    }

    /// Replaces the file with `place`.
    func save(_ place: Place) throws {
        let contents =
            switch place {
            case .archive(let position):
                Contents(backend: "file", file: position.file, offset: position.offset, record: position.record)
            case .table(let sequence):
                Contents(backend: "postgres", seq: sequence)
            }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            try FileIO.writeAtomically(Array(try encoder.encode(contents)) + [UInt8(ascii: "\n")], to: path, durable: false)
        } catch {
            throw NotSaved(description: "the cursor cannot be saved: \(error)")
        }
    }

    /// The cursor file could not be written (its folder is missing or not writable).
    struct NotSaved: Error, CustomStringConvertible {
        let description: String
    }
}
