public import Logging
public import NewsdropSystemd
import Prometheus
public import ServiceLifecycle
public import UnixSignals

extension NewsdropService {
    /// The service group the daemon runs in: this service, whose end ends the group, shut down
    /// gracefully on `signals`, and the metrics exporters the settings ask for (a textfile, an
    /// HTTP listener). `newsdrop run` builds it from its flags and the environment; tests build
    /// it from settings, with a notifier of their own and no signals.
    public static func serviceGroup(
        settings: Settings, logLevel: LogLevelSetting, logger: Logger, notifier: any ServiceNotifier,
        gracefulShutdownSignals signals: [UnixSignal] = [.sigterm, .sigint],
        reloadSettings: @escaping @Sendable () async throws -> Settings
    ) -> ServiceGroup {
        var exporters: [ServiceGroupConfiguration.ServiceConfiguration] = []
        var metrics = DaemonMetrics.disabled
        if settings.metrics.isEnabled {
            let registry = PrometheusCollectorRegistry()
            var factory = PrometheusMetricsFactory(registry: registry)
            factory.durationHistogramBuckets = [
                "newsdrop_batch_commit_seconds": DaemonMetrics.commitBuckets,
                "newsdrop_fdatasync_seconds": DaemonMetrics.commitBuckets,
                "newsdrop_drop_to_record_seconds": DaemonMetrics.dropBuckets,
            ]
            metrics = DaemonMetrics(factory: DescribedPrometheusFactory(inner: factory, help: DaemonMetrics.help))
            if let path = settings.metrics.textfile {
                exporters.append(
                    .init(
                        service: MetricsTextfile(
                            registry: registry, path: path, interval: .seconds(settings.metrics.interval), logger: logger)))
            }
            if let address = settings.metrics.listenAddress {
                exporters.append(
                    .init(service: MetricsHTTPServer(registry: registry, host: address.host, port: address.port, logger: logger)))
            }
        }
        let service = NewsdropService(
            settings: settings, logLevel: logLevel, logger: logger, notifier: notifier, metrics: metrics, reloadSettings: reloadSettings)
        return ServiceGroup(
            configuration: .init(
                services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)] + exporters,
                gracefulShutdownSignals: signals,
                logger: logger
            ))
    }
}
