public import Logging

/// A log handler whose level is the process-wide ``LogLevelSetting``, so a reload changes it for
/// every logger at once. Supplies the level, the metadata subscript and metadata merging.
public protocol SharedLevelLogHandler: LogHandler {
    var level: LogLevelSetting { get }
}

extension SharedLevelLogHandler {
    public var logLevel: Logger.Level {
        get { level.value }
        set { level.value = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// The handler's metadata, then the provider's, then the event's: later ones win.
    func mergedMetadata(_ event: LogEvent) -> Logger.Metadata {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        return merged
    }
}
