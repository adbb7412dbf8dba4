import Synchronization

/// The settings in force, replaced as a whole when a reload reads the config file again.
public final class LiveSettings: Sendable {
    private let settings: Mutex<Settings>

    public init(_ settings: Settings) {
        self.settings = Mutex(settings)
    }

    public var current: Settings {
        get { settings.withLock { $0 } }
        set { settings.withLock { $0 = newValue } }
    }

    /// One value derived from the settings in force, without copying them all: for reads on the
    /// per-article path.
    public func read<Value>(_ value: (borrowing Settings) -> Value) -> Value {
        settings.withLock { value($0) }
    }
}
