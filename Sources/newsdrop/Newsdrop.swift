import ArgumentParser
import NewsdropDaemon

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
            file (--config or NEWSDROP_CONFIG), then built-in defaults. The installed config, \
            /etc/newsdrop/newsdrop.yaml, documents every key.

            Signals: SIGHUP re-reads the config file and reopens the archive (after an external \
            rotation); SIGTERM and SIGINT finish the batch in flight and exit 0.

            Logging: journald under systemd (MESSAGE_ID per event; journalctl -x -u newsdrop \
            explains each), readable lines on stderr on a terminal.

            Backends: the local archive file (the default), or with backend: postgres one \
            PostgreSQL table that several instances share, each article archived once across \
            all of them.

            \(ExitStatus.summary())
            """,
        version: NewsdropVersion.current,
        subcommands: [
            RunCommand.self, ParseCommand.self, VerifyCommand.self, TailCommand.self, ExportCommand.self, StatsCommand.self,
            ReindexCommand.self, SimilarCommand.self,
            RecordExitCommand.self,
        ]
    )
}
