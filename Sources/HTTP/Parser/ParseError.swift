/// Why a request could not be parsed; each case answers one status and closes the connection.
public enum ParseError: Error, Sendable, Equatable {
    case badRequest(String)
    case uriTooLong
    case headersTooLarge(String)
    case notImplemented(String)
    case versionNotSupported
    case expectationFailed
    case bodyTooLarge

    public var status: Status {
        switch self {
        case .badRequest: .badRequest
        case .uriTooLong: .uriTooLong
        case .headersTooLarge: .headerFieldsTooLarge
        case .notImplemented: .notImplemented
        case .versionNotSupported: .versionNotSupported
        case .expectationFailed: .expectationFailed
        case .bodyTooLarge: .contentTooLarge
        }
    }

    public var message: String {
        switch self {
        case .badRequest(let why): why
        case .uriTooLong: "request line too long"
        case .headersTooLarge(let why): why
        case .notImplemented(let why): why
        case .versionNotSupported: "only HTTP/1.0 and HTTP/1.1 are supported"
        case .expectationFailed: "only the 100-continue expectation is supported"
        case .bodyTooLarge: "request body too large"
        }
    }
}
