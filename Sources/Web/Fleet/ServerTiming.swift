import Foundation
import HTTP

/// The `Server-Timing` header (W3C Server Timing) of the fleet's list answers: `app;dur=1.234`, the
/// milliseconds the handler spent (queries, encoding or rendering), without the socket, parsing or
/// middleware. Browsers show it in their network panel; `capstan-bench machines` reads it.
enum ServerTiming {
    static let header = "Server-Timing"

    static func add(since started: ContinuousClock.Instant, to response: Response) -> Response {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        var response = response
        response.headers[header] = "app;dur=" + String(format: "%.3f", milliseconds)
        return response
    }
}
