import Core
import HTTP

/// `GET /healthz`: whether the server and its database answer, for load balancers and orchestrators.
///
/// Public (no sign-in). Answers 200 `{"status":"ok","version":…,"database":"ok"}`, or 503 with
/// `"database":"unavailable"` when the database check fails. Both bodies are encoded once.
struct HealthAPI: Sendable {
    let isDatabaseHealthy: @Sendable () async -> Bool
    private let healthy: Response
    private let unhealthy: Response

    init(isDatabaseHealthy: @escaping @Sendable () async -> Bool) {
        self.isDatabaseHealthy = isDatabaseHealthy
        healthy = Self.response(status: .ok, body: Body(status: "ok", version: capstanVersion, database: "ok"))
        unhealthy = Self.response(status: .serviceUnavailable, body: Body(status: "unavailable", version: capstanVersion, database: "unavailable"))
    }

    func check(_ request: Request) async throws -> Response {
        await isDatabaseHealthy() ? healthy : unhealthy
    }

    private struct Body: Encodable {
        let status: String
        let version: String
        let database: String
    }

    private static func response(status: Status, body: Body) -> Response {
        var response = Response.json(JSONBody.encode(body), status: status)
        // A cached "ok" would hide an outage.
        response.headers["Cache-Control"] = "no-store"
        return response
    }
}
