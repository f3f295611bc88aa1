import Core
import Testing
@testable import Web

struct HealthAPITests {
    @Test("answers 200 with the version and a healthy database")
    func healthy() async throws {
        try await withRunningApp { app in
            let response = try await app.get("/healthz")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("Cache-Control") == "no-store")
            let body = try response.json()
            #expect(body["status"] as? String == "ok")
            #expect(body["version"] as? String == capstanVersion)
            #expect(body["database"] as? String == "ok")
        }
    }

    @Test("answers 503 with an unavailable database when no migration was ever applied")
    func unmigratedDatabase() async throws {
        try await withRunningApp(configure: { configuration, directory in
            configuration.migrationsDirectory = try directory.makeDirectory("no-migrations")
        }) { app in
            let response = try await app.get("/healthz")
            #expect(response.status == 503)
            let body = try response.json()
            #expect(body["status"] as? String == "unavailable")
            #expect(body["database"] as? String == "unavailable")
            #expect(body["version"] as? String == capstanVersion)
        }
    }
}
