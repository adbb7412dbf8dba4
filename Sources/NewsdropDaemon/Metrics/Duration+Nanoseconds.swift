extension Duration {
    /// The duration in whole nanoseconds, as swift-metrics timers take it.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
