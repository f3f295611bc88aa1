import Testing
@testable import Web

struct PingAPITests {
    @Test("answers exactly {\"pong\":true} as JSON")
    func pong() async throws {
        try await withRunningApp { app in
            let response = try await app.get("/api/v1/ping", headers: try await app.adminTokenHeaders())
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.text == #"{"pong":true}"#)
            #expect(try response.json()["pong"] as? Bool == true)
        }
    }

    @Test("HEAD answers the headers without the body")
    func head() async throws {
        try await withRunningApp { app in
            let response = try await RawHTTP.send(method: "HEAD", target: "/api/v1/ping", headers: try await app.adminTokenHeaders(), port: app.port)
            #expect(response.status == 200)
            #expect(response.header("Content-Length") == "13")
            #expect(response.body.isEmpty)
        }
    }
}
