/// How often a file was in flight when newsdrop ended without a clean stop, and how the service
/// manager said the last of those runs ended: what a quarantined file's `NAME.error.json` tells.
public struct CrashHistory: Sendable, Equatable {
    /// Runs that ended uncleanly while the file was being parsed or committed.
    public var crashes: Int
    /// The last such end as the service manager reported it (`SERVICE_RESULT=core-dump
    /// EXIT_CODE=dumped EXIT_STATUS=TRAP`), or `nil` when no service manager told.
    public var lastExit: String?

    public init(crashes: Int, lastExit: String?) {
        self.crashes = crashes
        self.lastExit = lastExit
    }
}
