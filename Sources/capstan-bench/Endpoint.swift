import Foundation

/// Where a benchmark target listens: an IPv4 address, a port and the path to request.
struct Endpoint: Sendable, CustomStringConvertible {
    let host: String
    let port: UInt16
    let path: String

    var description: String { "http://\(host):\(port)\(path)" }

    init(host: String, port: UInt16, path: String) {
        self.host = host
        self.port = port
        self.path = path
    }

    /// Accepts `http://HOST[:PORT]/PATH` with an IPv4 address or `localhost` as HOST.
    init(url: String) throws {
        guard let parts = URLComponents(string: url), parts.scheme == "http",
            let host = parts.host, let port = UInt16(exactly: parts.port ?? 80)
        else { throw BenchError("'\(url)' is not an http://HOST:PORT/PATH URL") }
        let query = parts.percentEncodedQuery.map { "?\($0)" } ?? ""
        let path = parts.percentEncodedPath.isEmpty ? "/" : parts.percentEncodedPath
        self.init(host: host == "localhost" ? "127.0.0.1" : host, port: port, path: path + query)
    }
}
