import HTTP
import Prometheus

/// `GET /metrics`: every metric of the registry in the Prometheus text format.
///
/// Not on the public list: once the auth middleware lands it guards this route like any other
/// (scrapers use a token), so keep it registered outside the public routes in `App+Routes.swift`.
struct MetricsAPI: Sendable {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    let registry: PrometheusCollectorRegistry

    func export(_ request: Request) async throws -> Response {
        Response(contentType: Self.contentType, bytes: registry.emitToBuffer())
    }
}
