import ArgumentParser

/// `--archive`: the archive file, in place of the setting.
struct ArchiveOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The archive file; its rotated segments lie beside it.", valueName: "file"))
    var archive: String?
}
