/// The wait between retries of a failing archive: from 0.25 s, doubling, at most 30 s.
struct Backoff {
    private(set) var delay = Duration.milliseconds(250)

    /// The wait for this retry; the next one will be twice as long, up to the cap.
    mutating func next() -> Duration {
        defer { delay = min(delay * 2, .seconds(30)) }
        return delay
    }
}
