import HTTP
import Metrics

/// Counts requests by method and status class and records their durations, through swift-metrics.
///
/// Every counter is made once, up front: the hot path (`/api/v1/ping` is the benchmark target) only
/// indexes an array and bumps an atomic. Methods outside the common set share the label `other`, so a
/// client cannot grow the label set.
struct MetricsMiddleware: Middleware {
    static let requestsLabel = "capstan_http_requests_total"
    static let durationLabel = "capstan_http_request_duration_seconds"
    private static let methods: [Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    /// `counters[method][statusClass - 1]`; the last method row is `other`.
    private let counters: [[Counter]]
    private let duration: Timer

    init(factory: any MetricsFactory) {
        counters = (Self.methods.map(\.rawValue) + ["other"]).map { method in
            (1...5).map { statusClass in
                Counter(label: Self.requestsLabel, dimensions: [("method", method), ("status", "\(statusClass)xx")], factory: factory)
            }
        }
        duration = Timer(label: Self.durationLabel, factory: factory)
    }

    func handle(_ request: Request, next: Handler) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request)
            record(request.method, status: response.status.code, since: start)
            return response
        } catch {
            // The server answers what escapes the middleware with a 5xx of its own.
            record(request.method, status: 500, since: start)
            throw error
        }
    }

    private func record(_ method: Method, status: Int, since start: ContinuousClock.Instant) {
        let row = Self.methods.firstIndex(of: method) ?? Self.methods.count
        counters[row][min(max(status / 100, 1), 5) - 1].increment()
        duration.record(duration: ContinuousClock.now - start)
    }
}
