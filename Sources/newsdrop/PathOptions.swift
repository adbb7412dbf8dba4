import ArgumentParser

/// `--config`: the YAML config file every command can take its settings from.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A YAML config file to take the settings from (default: NEWSDROP_CONFIG).", valueName: "file"))
    var config: String?
}

/// `--archive`: the archive file, in place of the setting.
struct ArchiveOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The archive file; its rotated segments lie beside it.", valueName: "file"))
    var archive: String?
}

/// `--state`: the state folder (dedup checkpoint, counters), in place of the setting.
struct StateOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The state folder of the daemon.", valueName: "dir"))
    var state: String?
}
