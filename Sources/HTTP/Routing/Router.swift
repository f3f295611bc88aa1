/// Routes by method and path pattern (`/api/v1/machines/:id`, `/static/*path`); built once, then frozen.
///
/// Literal segments win over parameters, parameters over a trailing wildcard. HEAD is answered by the
/// GET route when no HEAD route exists; a path known under other methods answers 405 with `Allow`.
public struct Router: Sendable {
    /// One registered route, for listings (the OpenAPI completeness test, the auth test).
    public struct Route: Sendable {
        public let method: Method
        public let pattern: String
        public let bodyLimit: Int?
        let handler: Handler
    }

    /// What a lookup found.
    public enum Match: Sendable {
        case found(Route, parameters: [String: String])
        case methodNotAllowed(allowed: [Method])
        case notFound
    }

    private var trie = RouteTrie()
    public private(set) var routes: [Route] = []

    public init() {}

    /// Registers `handler` for `method` and `pattern`; `bodyLimit` raises the request body limit for this route.
    public mutating func add(_ method: Method, _ pattern: String, bodyLimit: Int? = nil, use handler: @escaping Handler) {
        let route = Route(method: method, pattern: pattern, bodyLimit: bodyLimit, handler: handler)
        precondition(trie.insert(route, segments: Router.segments(of: pattern)), "route \(method) \(pattern) registered twice")
        routes.append(route)
    }

    public mutating func get(_ pattern: String, use handler: @escaping Handler) { add(.get, pattern, use: handler) }
    public mutating func post(_ pattern: String, bodyLimit: Int? = nil, use handler: @escaping Handler) { add(.post, pattern, bodyLimit: bodyLimit, use: handler) }
    public mutating func put(_ pattern: String, bodyLimit: Int? = nil, use handler: @escaping Handler) { add(.put, pattern, bodyLimit: bodyLimit, use: handler) }
    public mutating func patch(_ pattern: String, bodyLimit: Int? = nil, use handler: @escaping Handler) { add(.patch, pattern, bodyLimit: bodyLimit, use: handler) }
    public mutating func delete(_ pattern: String, use handler: @escaping Handler) { add(.delete, pattern, use: handler) }

    /// Registers the routes `build` adds under `prefix`, each wrapped in `middleware`.
    public mutating func group(_ prefix: String, middleware: [any Middleware] = [], _ build: (inout RouteGroup) -> Void) {
        var group = RouteGroup(prefix: prefix, middleware: middleware)
        build(&group)
        for route in group.routes {
            add(route.method, route.pattern, bodyLimit: route.bodyLimit, use: route.handler)
        }
    }

    /// Finds the route for `method` and `path` (percent-encoded, without query).
    /// Returns nil when the path is malformed (a bad escape, a dot segment, a NUL byte).
    public func match(_ method: Method, path: String) -> Match? {
        var segments: [String] = []
        for raw in path.split(separator: "/") {
            // Most segments have no escapes: skip decoding them.
            let plain = !raw.utf8.contains(UInt8(ascii: "%"))
            guard let segment = plain ? String(raw) : PercentDecoding.decode(raw),
                  segment != ".", segment != "..", !segment.utf8.contains(0) else { return nil }
            segments.append(segment)
        }
        return trie.match(method, segments: segments)
    }

    static func segments(of pattern: String) -> [Substring] {
        pattern.split(separator: "/")
    }
}

/// Routes collected under a common prefix and middleware; see `Router.group`.
public struct RouteGroup {
    let prefix: String
    let middleware: [any Middleware]
    fileprivate(set) var routes: [Router.Route] = []

    public mutating func add(_ method: Method, _ pattern: String, bodyLimit: Int? = nil, use handler: @escaping Handler) {
        let path = prefix + (pattern == "/" ? "" : pattern)
        routes.append(Router.Route(method: method, pattern: path.isEmpty ? "/" : path, bodyLimit: bodyLimit, handler: middleware.wrapping(handler)))
    }

    public mutating func get(_ pattern: String, use handler: @escaping Handler) { add(.get, pattern, use: handler) }
    public mutating func post(_ pattern: String, bodyLimit: Int? = nil, use handler: @escaping Handler) { add(.post, pattern, bodyLimit: bodyLimit, use: handler) }
    public mutating func put(_ pattern: String, bodyLimit: Int? = nil, use handler: @escaping Handler) { add(.put, pattern, bodyLimit: bodyLimit, use: handler) }
    public mutating func patch(_ pattern: String, bodyLimit: Int? = nil, use handler: @escaping Handler) { add(.patch, pattern, bodyLimit: bodyLimit, use: handler) }
    public mutating func delete(_ pattern: String, use handler: @escaping Handler) { add(.delete, pattern, use: handler) }
}
