import Logging
import Synchronization

/// What every connection shares: the frozen router, the middleware chain, configuration and the
/// draining flag.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let router: Router
    let handler: Handler
    private let draining = Atomic<Bool>(false)
    private let logsRequests: Bool

    init(configuration: ServerConfiguration, router: Router, middleware: [any Middleware]) {
        self.configuration = configuration
        self.router = router
        self.logsRequests = configuration.logger.logLevel <= .info
        let errorResponse = configuration.errorResponse
        // The end of the chain: dispatch on what the router found before the middleware ran.
        self.handler = middleware.wrapping { request in
            switch request.match {
            case .found(let route, _):
                return try await route.handler(request)
            case .methodNotAllowed(let allowed):
                var response = errorResponse(.methodNotAllowed, "method \(request.method) not allowed here", request.head)
                response.headers["Allow"] = allowed.map(\.rawValue).joined(separator: ", ")
                return response
            case .notFound:
                return errorResponse(.notFound, "no such route: \(request.path)", request.head)
            }
        }
    }

    var isDraining: Bool { draining.load(ordering: .relaxed) }

    func beginDraining() { draining.store(true, ordering: .relaxed) }

    /// One access line per request: method, path, status, bytes, duration.
    func log(_ head: RequestHead, status: Status, bytes: Int, since start: ContinuousClock.Instant) {
        guard logsRequests else { return }
        let path = head.target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.target
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let duration = (milliseconds * 100).rounded() / 100
        configuration.logger.info("\(head.method) \(path) \(status.code) \(bytes)B \(duration)ms")
    }
}

extension Request {
    /// The request's head again, for error hooks that choose a representation from `Accept`.
    var head: RequestHead {
        RequestHead(method: method, target: target, version: version, headers: headers,
                    framing: .none, expectsContinue: false, keepAlive: true)
    }
}
