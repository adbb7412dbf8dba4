public import Logging
public import NewsdropSystemd
public import ServiceLifecycle
public import UnixSignals

extension NewsdropService {
    /// The service group the daemon runs in: this service, whose end ends the group, shut down
    /// gracefully on `signals`. `newsdrop run` builds it from its flags and the environment;
    /// tests build it from settings, with a notifier of their own and no signals.
    public static func serviceGroup(
        settings: Settings, logLevel: LogLevelSetting, logger: Logger, notifier: any ServiceNotifier,
        gracefulShutdownSignals signals: [UnixSignal] = [.sigterm, .sigint],
        reloadSettings: @escaping @Sendable () async throws -> Settings
    ) -> ServiceGroup {
        let service = NewsdropService(
            settings: settings, logLevel: logLevel, logger: logger, notifier: notifier, reloadSettings: reloadSettings)
        return ServiceGroup(
            configuration: .init(
                services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: signals,
                logger: logger
            ))
    }
}
