import Foundation

/// Validates records against `schema/record.schema.json` with the Python `jsonschema` library
/// (through `scripts/validate-records`), a full Draft 2020-12 validator.
public enum SchemaValidation {
    /// Returns the validator's complaints; empty when every line is a valid record.
    public static func problems(inJSONLines text: String) throws -> [String] {
        let process = Process()
        process.executableURL = TestPaths.projectRoot.appendingPathComponent("scripts/validate-records")
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus != 0 && report.isEmpty {
            return ["validator failed to run: \(stderr)"]
        }
        return report.split(separator: "\n").map(String.init)
    }
}
