import HTTP
import Synchronization

/// The request id attribute: the client's `X-Request-ID` when it is sane, else one made here.
public enum RequestIDKey: AttributeKey {
    public typealias Value = String
}

extension Request {
    /// The id the request-id middleware attached; "-" outside it.
    public var requestID: String { attributes[RequestIDKey.self] ?? "-" }
}

/// Gives every request an id, attaches it for handlers and logs, and echoes it in `X-Request-ID`.
///
/// A client's id (a proxy's, a CI job's) is kept when it is 1–128 characters of `[A-Za-z0-9._:-]`,
/// so it can be traced end to end; anything else is replaced, since ids end up in logs.
struct RequestIDMiddleware: Middleware {
    static let header = "X-Request-ID"
    let generator = RequestIDGenerator()

    func handle(_ request: Request, next: Handler) async throws -> Response {
        var request = request
        let id = request.headers[Self.header].flatMap(Self.accepted) ?? generator.next()
        request.attributes[RequestIDKey.self] = id
        var response = try await next(request)
        response.headers[Self.header] = id
        return response
    }

    static func accepted(_ id: String) -> String? {
        let isSafe = (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || ".:_-".utf8.contains(byte)
        }
        return isSafe ? id : nil
    }
}

/// Ids that are unique within a process and unlikely to repeat across restarts: a random prefix
/// chosen at start-up and a counter. No syscall and one small string per request.
final class RequestIDGenerator: Sendable {
    private let prefix = String(UInt32.random(in: .min ... .max), radix: 16)
    private let counter = Atomic<UInt64>(0)

    func next() -> String {
        let number = counter.add(1, ordering: .relaxed).newValue
        return prefix + "-" + String(number, radix: 16)
    }
}
