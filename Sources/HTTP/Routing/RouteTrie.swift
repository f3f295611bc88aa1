/// The router's lookup structure: a trie of path segments stored in a flat array of nodes.
struct RouteTrie: Sendable {
    private struct Node: Sendable {
        var literals: [String: Int] = [:]
        var parameter: (name: String, node: Int)?
        var wildcard: (name: String, routes: [Method: Router.Route])?
        var routes: [Method: Router.Route] = [:]
    }

    private var nodes = [Node()]

    /// Adds a route; returns false if the same method and shape is already registered.
    mutating func insert(_ route: Router.Route, segments: [Substring]) -> Bool {
        var current = 0
        for (index, segment) in segments.enumerated() {
            if segment.hasPrefix("*") {
                precondition(index == segments.count - 1, "a wildcard must be the last segment of \(route.pattern)")
                var wildcard = nodes[current].wildcard ?? (String(segment.dropFirst()), [:])
                guard wildcard.routes[route.method] == nil else { return false }
                wildcard.routes[route.method] = route
                nodes[current].wildcard = wildcard
                return true
            }
            current = child(of: current, for: segment)
        }
        guard nodes[current].routes[route.method] == nil else { return false }
        nodes[current].routes[route.method] = route
        return true
    }

    func match(_ method: Method, segments: [String]) -> Router.Match {
        var parameters: [String: String] = [:]
        guard let found = find(segments[...], from: 0, parameters: &parameters) else { return .notFound }
        if let route = found[method] ?? (method == .head ? found[.get] : nil) {
            return .found(route, parameters: parameters)
        }
        var allowed = Set(found.keys)
        if allowed.contains(.get) { allowed.insert(.head) }
        return .methodNotAllowed(allowed: allowed.sorted { $0.rawValue < $1.rawValue })
    }

    private func find(_ segments: ArraySlice<String>, from index: Int, parameters: inout [String: String]) -> [Method: Router.Route]? {
        let node = nodes[index]
        guard let segment = segments.first else {
            if !node.routes.isEmpty { return node.routes }
            return nil
        }
        let rest = segments.dropFirst()
        if let next = node.literals[segment], let found = find(rest, from: next, parameters: &parameters) {
            return found
        }
        if let (name, next) = node.parameter {
            let saved = parameters
            parameters[name] = segment
            if let found = find(rest, from: next, parameters: &parameters) { return found }
            parameters = saved
        }
        if let (name, routes) = node.wildcard {
            parameters[name] = segments.joined(separator: "/")
            return routes
        }
        return nil
    }

    private mutating func child(of index: Int, for segment: Substring) -> Int {
        if segment.hasPrefix(":") {
            let name = String(segment.dropFirst())
            if let (existing, node) = nodes[index].parameter {
                precondition(existing == name, "conflicting parameter names :\(existing) and :\(name)")
                return node
            }
            nodes.append(Node())
            nodes[index].parameter = (name, nodes.count - 1)
            return nodes.count - 1
        }
        if let existing = nodes[index].literals[String(segment)] { return existing }
        nodes.append(Node())
        nodes[index].literals[String(segment)] = nodes.count - 1
        return nodes.count - 1
    }
}
