public import Foundation

/// Where the project, the shared corpus and the built binary are, seen from the tests.
public enum TestPaths {
    /// The project's root folder.
    public static let projectRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/corpus` beside the project.
    public static let corpus: URL = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    /// A file of the shared corpus, by its path inside it.
    public static func corpusFile(_ path: String) -> URL {
        corpus.appendingPathComponent(path)
    }

    /// The files of a corpus folder, as paths inside the corpus (`folder/name`), sorted by name;
    /// the first `limit` of them.
    public static func corpusFiles(in folder: String, limit: Int = .max) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: corpusFile(folder).path).sorted().prefix(limit).map { "\(folder)/\($0)" }
    }

    /// The bytes of a corpus file.
    public static func corpusBytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: corpusFile(path)))
    }

    /// The `newsdrop` binary built beside the test bundle, or `NEWSDROP_BIN` when set.
    public static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["NEWSDROP_BIN"] {
            return URL(fileURLWithPath: override)
        }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let binary = candidate.appendingPathComponent("newsdrop")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        return projectRoot.appendingPathComponent(".build/debug/newsdrop")
    }
}

/// A fresh temporary folder, removed by ``remove()``.
public struct TemporaryFolder: Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(_ label: String = "newsdrop-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
