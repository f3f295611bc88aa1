/// What a handler answers: a status, header fields and a body.
///
/// The server adds `Date`, `Content-Length` or `Transfer-Encoding`, and `Connection`; handlers
/// set everything else.
public struct Response: Sendable {
    public var status: Status
    public var headers: Headers
    public var body: ResponseBody

    public init(status: Status = .ok, headers: Headers = [:], body: ResponseBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: Status = .ok, contentType: String, bytes: [UInt8]) {
        self.init(status: status, headers: ["Content-Type": contentType], body: .bytes(bytes))
    }

    public static func text(_ text: String, status: Status = .ok) -> Response {
        Response(status: status, contentType: "text/plain; charset=utf-8", bytes: Array(text.utf8))
    }

    public static func html(_ html: String, status: Status = .ok) -> Response {
        Response(status: status, contentType: "text/html; charset=utf-8", bytes: Array(html.utf8))
    }

    public static func json(_ bytes: [UInt8], status: Status = .ok) -> Response {
        Response(status: status, contentType: "application/json", bytes: bytes)
    }

    /// A `303 See Other` (after a form post) or another redirect status to `location`.
    public static func redirect(to location: String, status: Status = .seeOther) -> Response {
        Response(status: status, headers: ["Location": location])
    }

    /// A body produced while it is sent (chunked on HTTP/1.1, close-delimited on HTTP/1.0).
    public static func stream(contentType: String, status: Status = .ok,
                              _ produce: @escaping @Sendable (BodyWriter) async throws -> Void) -> Response {
        Response(status: status, headers: ["Content-Type": contentType], body: .stream(produce))
    }

    /// A response worked out later, after the middleware chain has returned: for long polls, which
    /// may wait a minute. The server awaits `produce` in a shallow frame of its own, so a parked
    /// request holds only what the closure captured, not every middleware's and handler's frame.
    /// Middleware sees this placeholder (status 200, no body), not the final answer; the access log
    /// shows the final one. `produce` cannot throw: it answers its own errors.
    public static func deferred(_ produce: @escaping @Sendable () async -> Response) -> Response {
        Response(status: .ok, body: .deferred(produce))
    }

    /// A response that waits without holding a task: `park` is called once the middleware chain has
    /// returned, with the `Resumption` to call when the answer can be worked out. Until then the
    /// connection has no task; resuming starts a fresh one. For long polls that may wait a minute,
    /// by the thousand. Middleware sees this placeholder (status 200, no body), as with `deferred`.
    /// `park` must not block; if nothing ever resumes, the connection stays open until shutdown.
    public static func parked(_ park: @escaping @Sendable (Resumption) -> Void) -> Response {
        Response(status: .ok, body: .parked(park))
    }

    /// A server-sent event stream (text/event-stream); the closure returns when the stream should end.
    public static func eventStream(_ produce: @escaping @Sendable (EventStreamWriter) async throws -> Void) -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"],
                 body: .stream { writer in try await produce(EventStreamWriter(writer: writer)) })
    }
}

/// The body of a response.
public enum ResponseBody: Sendable {
    case empty
    case bytes([UInt8])
    case stream(@Sendable (BodyWriter) async throws -> Void)
    /// A region of a file on disk, sent with sendfile(2).
    case file(FileRegion)
    /// The whole response comes from the closure (see `Response.deferred`).
    case deferred(@Sendable () async -> Response)
    /// The response comes once the `Resumption` is resumed (see `Response.parked`).
    case parked(@Sendable (Resumption) -> Void)
}

/// A byte range of a file to send as a response body.
public struct FileRegion: Sendable, Equatable {
    public var path: String
    public var offset: Int64
    public var length: Int64

    public init(path: String, offset: Int64, length: Int64) {
        (self.path, self.offset, self.length) = (path, offset, length)
    }
}
