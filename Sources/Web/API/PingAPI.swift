import HTTP

/// `GET /api/v1/ping`: the smallest JSON answer, for liveness probes and the throughput benchmark.
///
/// The response is built once; each request returns a copy that shares its storage.
enum PingAPI {
    static let response = Response.json(Array(#"{"pong":true}"#.utf8))

    static func ping(_ request: Request) async throws -> Response { response }
}
