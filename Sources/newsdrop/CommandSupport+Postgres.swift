import Logging
import NewsdropDaemon
import NewsdropPostgres

extension CommandSupport {
    /// Runs `body` with a connection pool to the shared table the settings name. A bad setting
    /// ends the command with EX_CONFIG, an unreachable server with EX_UNAVAILABLE.
    static func withPostgres<Result: Sendable>(
        _ settings: Settings, isolation: isolated (any Actor)? = #isolation, _ body: (PostgresBackend) async throws -> Result
    ) async throws -> Result {
        do {
            let backend = try PostgresBackend(options: settings.postgres)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await backend.run() }
                defer { group.cancelAll() }
                try await backend.ping()
                return try await body(backend)
            }
        } catch let error as PostgresError {
            throw ExitStatus.failure(error)
        }
    }
}
