/// An error with an HTTP status, thrown by the server itself (a body too large, a read deadline)
/// or by a handler that wants a plain status answered.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Status
    public var message: String
    /// When true the connection is closed after the answer: the stream can no longer be trusted.
    public var closesConnection: Bool

    public init(_ status: Status, _ message: String? = nil, closesConnection: Bool = false) {
        self.status = status
        self.message = message ?? status.reason
        self.closesConnection = closesConnection
    }

    public var description: String { "\(status.code) \(message)" }
}
