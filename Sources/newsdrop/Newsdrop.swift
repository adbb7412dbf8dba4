import ArgumentParser

/// The `newsdrop` command: the daemon and the tools around its archive.
@main
struct Newsdrop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsdrop",
        abstract: "Ingest news-article files from an inbox folder into a deduplicated JSON Lines archive.",
        discussion: """
            Files dropped into SPOOL/inbox are parsed into normalized article records; exact \
            duplicates are dropped, and each new article is appended as one JSON line to the \
            archive once it is durable. Ingested files move to SPOOL/done, files that cannot be \
            ingested to SPOOL/failed with a NAME.error.json that says why.

            Settings come from flags, then NEWSDROP_* environment variables, then the YAML config \
            file (--config or NEWSDROP_CONFIG), then built-in defaults. See config/newsdrop.yaml.
            """,
        subcommands: [RunCommand.self, ParseCommand.self]
    )
}
