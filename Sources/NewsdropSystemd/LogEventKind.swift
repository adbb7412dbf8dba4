/// The kinds of event newsdrop reports, each with the journald MESSAGE_ID that
/// `systemd/newsdrop.catalog` explains (`journalctl -x`).
///
/// Log calls name their kind in the `event` metadata key; the journald handler turns it into
/// `MESSAGE_ID`. The ids are fixed forever: scripts filter on them (`journalctl MESSAGE_ID=...`).
public enum LogEventKind: String, CaseIterable, Sendable {
    case started
    case ready
    case ingested
    case duplicate
    case nearDuplicate = "near_duplicate"
    case rejected
    case itemSkipped = "item_skipped"
    case vanished
    case changed
    case rescanned
    case overflow
    case watchLost = "watch_lost"
    case tornTail = "torn_tail"
    case reconciled
    case summary
    case reloading
    case rotated
    case segmentRemoved = "segment_removed"
    case stopping
    case stopped
    case ioError = "io_error"
    case degraded
    case recovered
    case crashSuspects = "crash_suspects"
    case quarantined
    case slowParse = "slow_parse"
    case parseCrash = "parse_crash"
    case crashLoop = "crash_loop"

    /// The 128-bit journald MESSAGE_ID, as 32 lowercase hex digits.
    public var messageID: String {
        switch self {
        case .started: "6fc8ab61ba7e4c24ad3f9936b0863153"
        case .ready: "5ac2f0f280bc4678ba1e0c947351365d"
        case .ingested: "b732007d6d364eed8076d8016744099c"
        case .duplicate: "6512200b5e0b4692b349b2f4b617463d"
        case .nearDuplicate: "75b2625eedb44b20be499d4b9c2bfc9e"
        case .rejected: "4cce0e76ae454f8c834df2c1bbe6648f"
        case .itemSkipped: "e67e43b1a69849b9a90f1f6b46045750"
        case .vanished: "8f257716dd194c56b41cdafe53983253"
        case .changed: "a88befe224d9404e9d2fecc8c1e917f0"
        case .rescanned: "26f2b850ade54d28a221f556d32eeb2e"
        case .overflow: "f51c9eacc19349a69570d9e9ea65dd13"
        case .watchLost: "f98894b1118a4d089dae0d10381a4f7a"
        case .tornTail: "2ef5edc3925f4cd0bb887f22d49cec48"
        case .reconciled: "1885178260b245f19f4ba004d6f5fcc8"
        case .summary: "1393fd7db7d94667b66d232d810494ec"
        case .reloading: "747d60347876499fae76b4ef0af65312"
        case .rotated: "42e0bb149d8b4c628f797d4cf928999a"
        case .segmentRemoved: "ce09a9371be34a1dbb2592b029461682"
        case .stopping: "a29bfe13fa9348739d5d54f3e95519f6"
        case .stopped: "412d0d4aae3e4ab1ad026f74b2ae8c6f"
        case .ioError: "9d20a5f604f2412ba4c1444f74fe086e"
        case .degraded: "a02acc05e9334648abc9a2302413619a"
        case .recovered: "f6fe1845101d4377bc1659a8901770ab"
        case .crashSuspects: "464823597b35485284a282b90cce96de"
        case .quarantined: "a0dbabaa70b843d9a9c7a306cb09b95a"
        case .slowParse: "c1740e3c39de463892702b6b12df0e3a"
        case .parseCrash: "8f88e1385c9c4a42aa13762bf961d2ed"
        case .crashLoop: "b4b5464ba65d4c63a9dea0c32be5c4cc"
        }
    }

    /// The metadata key that carries an event's kind.
    public static let metadataKey = "event"
}
