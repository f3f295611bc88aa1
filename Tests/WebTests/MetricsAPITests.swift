import Testing
@testable import Web

struct MetricsAPITests {
    @Test("counts requests by method and status class and exports them in the Prometheus text format")
    func countsRequests() async throws {
        try await withRunningApp { app in
            let token = try await app.adminTokenHeaders()
            for _ in 0..<3 { _ = try await app.get("/api/v1/ping", headers: token) }
            _ = try await app.get("/missing", headers: token)
            let response = try await app.get("/metrics", headers: token)
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            let lines = response.text.split(separator: "\n").map(String.init)
            #expect(lines.contains(#"capstan_http_requests_total{method="GET",status="2xx"} 3"#))
            #expect(lines.contains(#"capstan_http_requests_total{method="GET",status="4xx"} 1"#))
            #expect(lines.contains("# TYPE capstan_http_request_duration_seconds histogram"))
            #expect(lines.contains("capstan_http_request_duration_seconds_count 4"))
        }
    }
}
