import Foundation
import Testing
@testable import Web

struct AppStartupTests {
    @Test("refuses to start when a migration fails, naming the file and SQLite's error")
    func brokenMigration() async throws {
        let directory = try TemporaryDirectory()
        var configuration = RunningApp.makeConfiguration(in: directory)
        let migrations = try directory.makeDirectory("migrations")
        try FileManager.default.copyItem(atPath: Repository.migrationsDirectory + "/0001-initial-schema.sql",
                                         toPath: migrations + "/0001-initial-schema.sql")
        try directory.write("-- 0002: broken on purpose\nCREATE TABLE broken (id INTEGER PRIMARY KEY,\n", to: "migrations/0002-broken.sql")
        configuration.migrationsDirectory = migrations
        let error = await #expect(throws: StartupError.self) { try await App.make(configuration: configuration) }
        let message = error?.description ?? ""
        #expect(message.contains("0002-broken.sql"))
        #expect(message.contains("incomplete input"))
    }

    @Test("refuses to start without its static files directory, naming it")
    func missingPublicDirectory() async throws {
        let directory = try TemporaryDirectory()
        var configuration = RunningApp.makeConfiguration(in: directory)
        configuration.publicDirectory = directory.path + "/no-public"
        let error = await #expect(throws: StartupError.self) { try await App.make(configuration: configuration) }
        #expect(error?.description.contains("no-public") == true)
    }

    @Test("refuses to start on a port already taken, naming the address")
    func portTaken() async throws {
        try await withRunningApp { running in
            var configuration = RunningApp.makeConfiguration(in: running.directory)
            configuration.dataDirectory = running.directory.path + "/second"
            configuration.port = running.port
            let app = try await App.make(configuration: configuration)
            let error = #expect(throws: StartupError.self) { try app.start() }
            #expect(error?.description.contains("127.0.0.1:\(running.port)") == true)
        }
    }

    @Test("shuts down gracefully: the port stops accepting")
    func shutdown() async throws {
        let directory = try TemporaryDirectory()
        let app = try await App.make(configuration: RunningApp.makeConfiguration(in: directory))
        let port = try app.start()
        #expect(app.port == port)
        #expect(try await RawHTTP.send(method: "GET", target: "/healthz", port: port).status == 200)
        await app.shutdown()
        await #expect(throws: RawHTTP.Failure.self) { try await RawHTTP.send(method: "GET", target: "/healthz", port: port) }
    }
}
