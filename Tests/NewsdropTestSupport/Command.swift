import Foundation

/// Runs any program to completion and collects its output.
public enum Command {
    public static func run(_ executable: String, _ arguments: [String]) throws -> CommandRun {
        try CommandRun.run(URL(fileURLWithPath: executable), arguments, environment: [:])
    }
}
