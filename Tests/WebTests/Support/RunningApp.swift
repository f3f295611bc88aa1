import Foundation
import Prometheus
@testable import Web

/// The whole server on 127.0.0.1 at a free port, with a fresh SQLite file in a temporary data
/// directory, the repository's Public/, Resources/ and migrations/, and its own metrics registry.
struct RunningApp {
    let app: App
    let port: Int
    let registry: PrometheusCollectorRegistry
    let directory: TemporaryDirectory
    /// The app's clock; tests move it instead of sleeping.
    let clock: TestClock

    /// A configuration for tests: port 0, a data directory in `directory`, quiet logs.
    static func makeConfiguration(in directory: TemporaryDirectory) -> Configuration {
        var configuration = Configuration()
        configuration.port = 0
        configuration.dataDirectory = directory.path + "/data"
        configuration.publicDirectory = Repository.publicDirectory
        configuration.resourcesDirectory = Repository.resourcesDirectory
        configuration.migrationsDirectory = Repository.migrationsDirectory
        configuration.logLevel = .warning
        return configuration
    }

    func get(_ target: String, headers: [String: String] = [:]) async throws -> HTTPResponse {
        try await RawHTTP.send(method: "GET", target: target, headers: headers, port: port)
    }
}

/// Starts an app with `configure` applied to the test configuration, runs `body`, then shuts it down.
func withRunningApp<T>(configure: (inout Configuration, TemporaryDirectory) throws -> Void = { _, _ in },
                       _ body: (RunningApp) async throws -> T) async throws -> T {
    let directory = try TemporaryDirectory()
    var configuration = RunningApp.makeConfiguration(in: directory)
    try configure(&configuration, directory)
    let registry = PrometheusCollectorRegistry()
    let clock = TestClock()
    let app = try await App.make(configuration: configuration, metrics: registry, access: .testing(clock))
    let port = try app.start()
    do {
        let result = try await body(RunningApp(app: app, port: port, registry: registry, directory: directory, clock: clock))
        await app.shutdown()
        return result
    } catch {
        await app.shutdown()
        throw error
    }
}
