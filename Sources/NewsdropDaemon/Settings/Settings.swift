public import Logging
public import NewsdropCore
public import NewsdropInbox
public import NewsdropPostgres
public import NewsdropStore
public import NewsdropSystemd

/// Everything an operator can set, with the built-in defaults.
///
/// Each setting has a key in the config file (`rescan_interval`), an environment variable
/// (`NEWSDROP_RESCAN_INTERVAL`) and, for the paths, a command-line flag. Precedence: flags, then
/// environment, then the file, then these defaults. `config/newsdrop.yaml` documents every key.
public struct Settings: Sendable, Equatable {
    /// The spool folder holding `inbox/`, `done/` and `failed/`.
    public var spool = "./var/spool"
    /// The JSON Lines archive records are appended to.
    public var archive = "./var/archive.jsonl"
    /// The folder for the dedup checkpoint.
    public var state = "./var/state"
    /// What happens to a file once its record is durable.
    public var after: AfterIngest = .move
    /// Seconds between safety-net rescans of the inbox.
    public var rescanInterval = 60.0
    /// Seconds a file closed after writing in place must stay unchanged before it is read.
    public var settleInterval = 0.2
    /// Files larger than this are rejected unread.
    public var maxArticleBytes = 16 * 1024 * 1024
    /// The most files read and committed together in one group commit.
    public var maxBatch = 512
    /// Seconds one file's parse may take before it counts as hung: the file is named in the crash
    /// evidence and newsdrop ends (``HangWatch``), to start again without that parse.
    public var parseTimeout = 30.0
    /// Seconds between dedup checkpoints while records arrive.
    public var checkpointInterval = 30.0
    /// The least severe level logged. Each article and duplicate is logged at debug.
    public var logLevel: Logger.Level = .info
    /// What happens to a near-duplicate of an archived article.
    public var nearDuplicates: NearDuplicatePolicy = .drop
    /// The least Jaccard similarity of word 3-shingles for a near-duplicate.
    public var nearDuplicateThreshold = 0.8

    /// The near-duplicate decision these settings make: the policy and the rule with its
    /// threshold, built here only.
    public var nearDuplicateDecision: NearDuplicateDecision {
        NearDuplicateDecision(policy: nearDuplicates, rule: NearDuplicateRule(threshold: nearDuplicateThreshold))
    }
    /// Built-in rotation of the archive into segments; off unless a size or age is set.
    public var rotation = RotationPolicy()
    /// Where log entries go: journald, standard error, or `auto` (journald under systemd).
    public var logTarget: LogTarget = .auto
    /// Seconds between the info-level summaries of what was ingested.
    public var summaryInterval = 10.0
    /// Where records and the dedup state live: the local JSON Lines file, or a PostgreSQL table
    /// shared by many instances.
    public var backend: Backend = .file
    /// The shared table, when `backend` is `postgres`.
    public var postgres = PostgresOptions()
    /// Metrics for Prometheus: a textfile, an HTTP listener, or neither.
    public var metrics = MetricsSettings()

    public init() {}

    /// Every key the config file and the environment may set.
    public static let keys = [
        "spool", "archive", "state", "after", "rescan_interval", "settle_interval",
        "max_article_bytes", "max_batch", "parse_timeout", "checkpoint_interval", "log_level", "log_target",
        "summary_interval", "near_duplicates", "near_duplicate_threshold", "rotate", "backend", "postgres", "metrics",
    ]

    /// Where the records go, for logs and status lines (never with a password).
    public var archiveDescription: String {
        switch backend {
        case .file:
            return archive
        case .postgres:
            let place = postgres.resolvedURL().flatMap { try? PostgresLocation(url: $0).redacted } ?? "postgres (no url)"
            return "\(place) table \(postgres.table)"
        }
    }
}

/// The archive and dedup backends.
public enum Backend: String, Sendable, CaseIterable {
    /// The local JSON Lines archive and the dedup state folder: one host.
    case file
    /// One PostgreSQL table shared by every instance that names it.
    case postgres
}
