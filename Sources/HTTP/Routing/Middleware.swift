/// A request handler: the end of a route, or the rest of the middleware chain.
public typealias Handler = @Sendable (Request) async throws -> Response

/// Code that wraps every request of a router or group: it may answer itself or call `next`.
public protocol Middleware: Sendable {
    func handle(_ request: Request, next: Handler) async throws -> Response
}

/// Middleware from a closure, for small cases.
public struct MiddlewareFunction: Middleware {
    private let body: @Sendable (Request, Handler) async throws -> Response

    public init(_ body: @escaping @Sendable (Request, Handler) async throws -> Response) {
        self.body = body
    }

    public func handle(_ request: Request, next: Handler) async throws -> Response {
        try await body(request, next)
    }
}

extension Array where Element == any Middleware {
    /// The chain as one handler: the first middleware runs first.
    func wrapping(_ handler: @escaping Handler) -> Handler {
        reversed().reduce(handler) { next, middleware in
            { request in try await middleware.handle(request, next: next) }
        }
    }
}
