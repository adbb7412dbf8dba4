import ArgumentParser

/// `--config`: the YAML config file every command can take its settings from.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A YAML config file to take the settings from (default: NEWSDROP_CONFIG).", valueName: "file"))
    var config: String?
}
