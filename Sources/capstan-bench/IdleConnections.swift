/// Keep-alive connections that each completed one request and are then held open, doing nothing.
///
/// They stand in for parked agents: the server must keep them without a thread each and without
/// slowing down the connections that are busy.
struct IdleConnections {
    private(set) var connections: [HTTPConnection] = []

    /// Opens `count` connections to `endpoint` one after another, each reading one full response.
    static func open(count: Int, to endpoint: Endpoint, headers: [String: String]) throws -> IdleConnections {
        var idle = IdleConnections()
        do {
            for _ in 0..<count {
                try Interrupt.check()
                let connection = try HTTPConnection.open(to: endpoint)
                idle.connections.append(connection)
                let response = try connection.get(headers: headers)
                guard (200..<300).contains(response.status) else {
                    throw BenchError("\(endpoint) answered \(response.status) on an idle connection")
                }
            }
        } catch {
            let opened = idle.connections.count
            idle.closeAll()
            throw BenchError("opened \(opened) of \(count) idle connections: \(error)")
        }
        return idle
    }

    /// How many are still open: a connection the server closed polls readable (end of stream).
    func openCount() -> Int {
        connections.count - Socket.readableCount(connections.map(\.fd))
    }

    mutating func closeAll() {
        for connection in connections { connection.close() }
        connections.removeAll()
    }
}
