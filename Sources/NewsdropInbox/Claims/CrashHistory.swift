/// What the evidence said each time a file crashed or hung newsdrop, and how the service manager
/// said the last of those runs ended: what a quarantined file's `NAME.error.json` tells.
public struct CrashHistory: Sendable, Equatable {
    /// Runs whose own evidence named the file: a fatal signal while parsing it, or a hang.
    public var crashes: Int
    /// The last evidence in words: `SIGILL while parsing it`, `its parse hung past parse_timeout`.
    public var evidence: String
    /// The last such end as the service manager reported it (`SERVICE_RESULT=core-dump
    /// EXIT_CODE=dumped EXIT_STATUS=TRAP`), or `nil` when no service manager told.
    public var lastExit: String?

    public init(crashes: Int, evidence: String, lastExit: String?) {
        self.crashes = crashes
        self.evidence = evidence
        self.lastExit = lastExit
    }
}
