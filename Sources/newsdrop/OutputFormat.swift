import ArgumentParser

/// What a command prints, chosen with `--format` by every command that prints records or
/// counts: `json` for tools, `text` for people.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json
    case text
}
