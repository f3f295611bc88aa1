import Foundation
import Glibc

/// A parsed HTTP response as the client received it.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// Every `Set-Cookie` value, in order.
    var setCookies: [String] { headers.filter { $0.name.lowercased() == "set-cookie" }.map(\.value) }

    /// The `Set-Cookie` value for cookie `name`, if one was sent.
    func setCookie(_ name: String) -> String? { setCookies.first { $0.hasPrefix(name + "=") } }

    /// The body as a JSON object.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw RawHTTP.Failure("body is not a JSON object: \(text)")
        }
        return object
    }

    /// `{"error":{…}}`'s inner object.
    func errorObject() throws -> [String: Any] {
        guard let error = try json()["error"] as? [String: Any] else { throw RawHTTP.Failure("no error object in \(text)") }
        return error
    }
}

/// An HTTP/1.1 client on a plain blocking socket, so tests control every byte sent. Each exchange
/// runs on its own thread (never on the cooperative pool) and reads until the server closes.
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Sends a request with `Host` and `Connection: close` plus `headers`.
    /// A non-empty `body` goes with its `Content-Length`.
    static func send(method: String, target: String, headers: [String: String] = [:], body: [UInt8] = [], port: Int) async throws -> HTTPResponse {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) { text += "Content-Length: \(body.count)\r\n" }
        let response = try await exchange(Array((text + "\r\n").utf8) + body, port: port)
        return try parse(response, isHead: method == "HEAD")
    }

    /// Posts `fields` as an urlencoded form, sorted by name.
    static func postForm(_ target: String, _ fields: [String: String], headers: [String: String] = [:], port: Int) async throws -> HTTPResponse {
        let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "-._~"))
        let text = fields.sorted { $0.key < $1.key }.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
        var headers = headers
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return try await send(method: "POST", target: target, headers: headers, body: Array(text.utf8), port: port)
    }

    /// Sends `bytes` exactly as given; returns everything the server sent until it closed.
    static func exchange(_ bytes: [UInt8], port: Int) async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try blockingExchange(bytes, port: port) }) }.start()
        }
    }

    private static func blockingExchange(_ bytes: [UInt8], port: Int) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure("connect: errno \(errno)") }
        guard bytes.withUnsafeBytes({ Glibc.send(fd, $0.baseAddress, $0.count, 0) }) == bytes.count else { throw Failure("send: errno \(errno)") }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { return received }
            guard count > 0 else { throw Failure("recv: errno \(errno) after \(received.count) bytes") }
            received += buffer[0..<count]
        }
    }

    /// Parses one response; the body is what `Content-Length` says, or everything after the head.
    static func parse(_ bytes: [UInt8], isHead: Bool = false) throws -> HTTPResponse {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.firstRange(of: separator) else { throw Failure("no complete head in \(bytes.count) bytes") }
        let lines = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure("bad status line \(lines[0])") }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(bytes[end.upperBound...])
        var response = HTTPResponse(status: status, headers: headers, body: [])
        if isHead { return response }
        if let length = response.header("Content-Length").flatMap(Int.init) {
            guard body.count >= length else { throw Failure("body has \(body.count) of \(length) bytes") }
            body = Array(body.prefix(length))
        }
        response.body = body
        return response
    }
}
