import Foundation
import Logging
import Storage
import Web

/// The server `capstan-bench fleet` measures, in this process: a store in a temporary directory
/// (seeded before the app opens it) and `App` on a free port of 127.0.0.1.
struct FleetServer {
    let store: Store
    let app: App
    let port: UInt16

    /// Public/, Resources/ and migrations/ of the repository: under the working directory when the
    /// bench runs from the repository root, else next to this source file.
    static func repositoryRoot() throws -> URL {
        let candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                          URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()]
        guard let root = candidates.first(where: { root in
            ["Public", "Resources", "migrations"].allSatisfy { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }
        }) else {
            throw BenchError("no Public/, Resources/ and migrations/ under \(candidates.map(\.path)); run from the repository root")
        }
        return root
    }

    /// Opens (and migrates) the store, so it can be seeded before `start` hands it to the app.
    static func openStore(in directory: TemporaryDirectory) throws -> Store {
        var logger = Logger(label: "capstan.bench")
        logger.logLevel = .warning
        let migrations = try repositoryRoot().appendingPathComponent("migrations")
        return try Store.open(at: dataDirectory(directory), migrationsDirectory: migrations, logger: logger)
    }

    static func start(store: Store, in directory: TemporaryDirectory, heartbeatInterval: BenchDuration) async throws -> FleetServer {
        let root = try repositoryRoot()
        var configuration = Configuration()
        configuration.port = 0
        configuration.host = "127.0.0.1"
        configuration.dataDirectory = dataDirectory(directory).path
        configuration.publicDirectory = root.appendingPathComponent("Public").path
        configuration.resourcesDirectory = root.appendingPathComponent("Resources").path
        configuration.migrationsDirectory = root.appendingPathComponent("migrations").path
        configuration.logLevel = .warning
        configuration.heartbeatInterval = .nanoseconds(heartbeatInterval.nanoseconds)
        let app = try await App.make(configuration: configuration)
        let port = try app.start()
        return FleetServer(store: store, app: app, port: UInt16(port))
    }

    private static func dataDirectory(_ directory: TemporaryDirectory) -> URL {
        directory.url.appendingPathComponent("data", isDirectory: true)
    }
}
