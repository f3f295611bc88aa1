/// Why an agent operation failed, in words an operator can act on.
///
/// `unreachable` is the only retryable case: connection errors, timeouts and 5xx answers (a proxy
/// with no backend answers 502 or 503). Messages never contain the agent's or enrollment token.
public enum AgentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The server could not be reached, or answered with a 5xx status.
    case unreachable(String)
    /// The server answered 401: it no longer knows this agent's token.
    case unauthorized(String)
    /// The server refused the request (a 4xx other than 401), with its own message.
    case rejected(status: Int, message: String)
    /// The agent's local state is missing, unreadable or not writable.
    case state(String)

    public var description: String {
        switch self {
        case .unreachable(let message): "server unreachable: \(message)"
        case .unauthorized(let message): message
        case .rejected(let status, let message): "the server refused the request (HTTP \(status)): \(message)"
        case .state(let message): message
        }
    }

    /// Whether trying again later may succeed.
    public var isRetryable: Bool {
        if case .unreachable = self { true } else { false }
    }
}
