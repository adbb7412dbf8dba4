import ArgumentParser

/// `--state`: the state folder (dedup checkpoint, counters), in place of the setting.
struct StateOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The state folder of the daemon.", valueName: "dir"))
    var state: String?
}
