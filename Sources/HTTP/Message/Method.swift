/// An HTTP request method (RFC 9110 §9). Any token is accepted; the common ones have names.
public struct Method: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let get = Method("GET")
    public static let head = Method("HEAD")
    public static let post = Method("POST")
    public static let put = Method("PUT")
    public static let patch = Method("PATCH")
    public static let delete = Method("DELETE")
    public static let options = Method("OPTIONS")

    public var description: String { rawValue }
}

/// The protocol version of a request; the parser accepts HTTP/1.0 and HTTP/1.1 only (505 otherwise).
public enum Version: Sendable, Equatable {
    case http1_0, http1_1

    var text: String { self == .http1_0 ? "HTTP/1.0" : "HTTP/1.1" }
}
