import Glibc
import Logging

/// How the server listens, what it allows, and how it logs. Every field has a production default.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests); `Server.port` tells which.
    public var port = 8080
    public var limits = Limits()
    /// Pending-connection queue; small backlogs drop SYNs under bursts of new connections.
    public var backlog: Int32 = 4096
    /// Event loops (threads running epoll); one per core by default.
    public var loopCount = max(1, ProcessorCount.online)
    /// How long a graceful shutdown lets in-flight requests finish before cutting them off.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// Smallest text body worth compressing with gzip.
    public var compressionMinimumSize = 1024
    /// Request body bytes the server will read and discard to keep a connection open after a
    /// handler ignored the body; a larger remainder closes the connection instead.
    public var drainBudget = 256 * 1024
    /// Access lines (one per request) are logged at `.info`.
    public var logger = Logger(label: "capstan.http")
    /// Builds the answer to errors the server detects itself (bad requests, 404, 405, timeouts),
    /// so the application can give them its own shape. The head is nil when the request could not
    /// be parsed; otherwise it lets the answer follow `Accept`.
    public var errorResponse: @Sendable (Status, String, RequestHead?) -> Response = { status, message, _ in
        .text("\(status.code) \(message)\n", status: status)
    }

    public init() {}
}

/// The number of online processors, read once.
public enum ProcessorCount {
    public static let online: Int = {
        let count = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return count > 0 ? count : 1
    }()
}
