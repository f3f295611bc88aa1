/// How the body of a request is delimited (RFC 9112 §6.3).
public enum BodyFraming: Sendable, Equatable {
    case none
    case length(Int)
    case chunked
}

/// The parsed request line and header block, validated, before any body byte is read.
public struct RequestHead: Sendable {
    public var method: Method
    public var target: String
    public var version: Version
    public var headers: Headers
    public var framing: BodyFraming
    public var expectsContinue: Bool
    /// Whether the client wants the connection kept open after this exchange.
    public var keepAlive: Bool
}
