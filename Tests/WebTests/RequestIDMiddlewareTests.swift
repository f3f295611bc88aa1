import HTTP
import Testing
@testable import Web

struct RequestIDMiddlewareTests {
    let middleware = RequestIDMiddleware()

    /// Runs the middleware around a handler that reports the id it saw; returns (seen, echoed).
    private func ids(sending header: String?) async throws -> (seen: String, echoed: String?) {
        let request = Request(method: .get, target: "/", headers: header.map { ["X-Request-ID": $0] } ?? [:])
        let response = try await middleware.handle(request) { request in .text(request.requestID) }
        guard case .bytes(let bytes) = response.body else { throw RawHTTP.Failure("expected bytes") }
        return (String(decoding: bytes, as: UTF8.self), response.headers["X-Request-ID"])
    }

    @Test("keeps a sane id from the client and echoes it")
    func keepsClientID() async throws {
        let (seen, echoed) = try await ids(sending: "ci-job_42.7:a")
        #expect(seen == "ci-job_42.7:a")
        #expect(echoed == "ci-job_42.7:a")
    }

    @Test("replaces a missing or unsafe id with a generated one", arguments: [nil, "", "has space", "<script>", String(repeating: "x", count: 129)])
    func generatesID(header: String?) async throws {
        let (seen, echoed) = try await ids(sending: header)
        #expect(seen != header)
        #expect(!seen.isEmpty && seen != "-")
        #expect(echoed == seen)
        #expect(RequestIDMiddleware.accepted(seen) == seen)
    }

    @Test("generates a different id for every request")
    func uniqueIDs() async throws {
        var seen = Set<String>()
        for _ in 0..<1000 { seen.insert(try await ids(sending: nil).seen) }
        #expect(seen.count == 1000)
    }

    @Test("the running server echoes the id on every answer, errors included")
    func echoedByServer() async throws {
        try await withRunningApp { app in
            let ping = try await app.get("/api/v1/ping", headers: ["X-Request-ID": "trace-1"])
            let missing = try await app.get("/missing", headers: ["X-Request-ID": "trace-2"])
            let health = try await app.get("/healthz")
            #expect(ping.header("X-Request-ID") == "trace-1")
            #expect(missing.header("X-Request-ID") == "trace-2")
            #expect(health.header("X-Request-ID")?.isEmpty == false)
        }
    }
}
