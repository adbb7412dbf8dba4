public import Logging
import Synchronization

/// A log level shared by every handler of the process, changeable at run time (on reload).
public final class LogLevelSetting: Sendable {
    private let level: Mutex<Logger.Level>

    public init(_ level: Logger.Level) {
        self.level = Mutex(level)
    }

    public var value: Logger.Level {
        get { level.withLock { $0 } }
        set { level.withLock { $0 = newValue } }
    }
}
