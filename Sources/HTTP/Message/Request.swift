/// A parsed request as handlers see it. The body is read on demand, streamed from the socket.
public struct Request: Sendable {
    public let method: Method
    /// The request target exactly as sent (`/api/v1/machines?limit=20`).
    public let target: String
    /// The path part of the target, still percent-encoded.
    public let path: String
    /// The query part of the target without `?`, still percent-encoded.
    public let query: String?
    public let version: Version
    public let headers: Headers
    public let remoteAddress: String
    public internal(set) var body: RequestBody
    /// Values the router took from the path (`:id`), percent-decoded.
    public internal(set) var parameters: [String: String] = [:]
    /// Values middleware attaches for handlers (the signed-in user, the request id).
    public var attributes = Attributes()
    /// What the router found for this request; the end of the middleware chain dispatches on it.
    var match: Router.Match = .notFound

    public init(method: Method, target: String, version: Version = .http1_1, headers: Headers = [:],
                remoteAddress: String = "127.0.0.1", body: RequestBody = .empty) {
        self.method = method
        self.target = target
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            self.path = String(target[..<mark])
            self.query = String(target[target.utf8.index(after: mark)...])
        } else {
            self.path = target
            self.query = nil
        }
        self.version = version
        self.headers = headers
        self.remoteAddress = remoteAddress
        self.body = body
    }

    /// The decoded query items in order (`a=1&b=%20x` → `[("a","1"), ("b"," x")]`).
    public var queryItems: [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(parts[0], plusAsSpace: true) ?? String(parts[0])
            let value = parts.count > 1 ? (PercentDecoding.decode(parts[1], plusAsSpace: true) ?? String(parts[1])) : ""
            return (name, value)
        }
    }

    /// The first decoded value of query item `name`.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }
}

/// Percent-decoding (RFC 3986 §2.1) that refuses malformed escapes instead of guessing.
public enum PercentDecoding {
    public static func decode<S: StringProtocol>(_ text: S, plusAsSpace: Bool = false) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hex), let low = iterator.next().flatMap(hex) else { return nil }
                bytes.append(high << 4 | low)
            } else if plusAsSpace, byte == UInt8(ascii: "+") {
                bytes.append(.space)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }
}
