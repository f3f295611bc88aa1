import Glibc

/// One blocking HTTP/1.1 keep-alive connection, enough for probes and for holding idle connections.
///
/// Responses must carry Content-Length or end with the connection; chunked bodies are refused.
struct HTTPConnection {
    let fd: Int32
    let endpoint: Endpoint

    static func open(to endpoint: Endpoint) throws -> HTTPConnection {
        HTTPConnection(fd: try Socket.connect(to: endpoint.host, port: endpoint.port), endpoint: endpoint)
    }

    /// Sends `GET endpoint.path` with `headers` and reads the whole response.
    func get(headers: [String: String] = [:]) throws -> HTTPResponse {
        var request = "GET \(endpoint.path) HTTP/1.1\r\nHost: \(endpoint.host):\(endpoint.port)\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { request += "\(name): \(value)\r\n" }
        try Socket.send(Array((request + "\r\n").utf8), on: fd)
        return try readResponse()
    }

    func close() {
        Glibc.close(fd)
    }

    private func readResponse() throws -> HTTPResponse {
        var buffer: [UInt8] = []
        var head: HTTPResponse.Head?
        while true {
            let isOpen = try Socket.receive(into: &buffer, on: fd)
            if head == nil, let end = HTTPResponse.endOfHead(in: buffer) {
                head = try HTTPResponse.Head(parsing: buffer[..<end])
                buffer.removeFirst(end)
            }
            if let head, let length = head.contentLength, buffer.count >= length {
                return HTTPResponse(head: head, body: Array(buffer.prefix(length)))
            }
            if !isOpen {
                guard let head, head.contentLength == nil else {
                    throw BenchError("\(endpoint) closed the connection before a whole response")
                }
                return HTTPResponse(head: head, body: buffer)
            }
        }
    }
}
