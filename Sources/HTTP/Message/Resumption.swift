import Synchronization

/// How a parked response (`Response.parked`) is continued: whoever holds it calls `resume` once,
/// when the answer can be worked out (a job arrived, the wait ran out, the server is closing).
///
/// While parked, the request holds no task at all: not the connection's, not the request's. Only
/// this object, what the park closure captured, and the connection's socket remain, so ten thousand
/// agents' long polls cost ten thousand small objects instead of ten thousand tasks and their frames.
public final class Resumption: Sendable {
    private let continuation: Mutex<(@Sendable (@escaping @Sendable () async -> Response) -> Void)?>

    init(_ continuation: @escaping @Sendable (@escaping @Sendable () async -> Response) -> Void) {
        self.continuation = Mutex(continuation)
    }

    /// Continues the request in a new task: `produce` works out the response (which may park
    /// again), the server writes it and goes on with the connection. Only the first call counts.
    public func resume(_ produce: @escaping @Sendable () async -> Response) {
        let continuation = self.continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }
        continuation?(produce)
    }

    /// Continues with an answer already known.
    public func resume(with response: Response) {
        resume { response }
    }
}
