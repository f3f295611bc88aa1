import HTTP

/// Who the client is behind a reverse proxy: its address and whether it used TLS.
public struct ForwardedClient: Sendable, Equatable {
    public let address: String
    public let isSecure: Bool
}

enum ForwardedClientKey: AttributeKey {
    typealias Value = ForwardedClient
}

extension Request {
    /// The client's address, the one audit rows and the sign-in throttle record: the peer's, or,
    /// when the peer is a trusted proxy, the address it forwarded.
    public var clientAddress: String { attributes[ForwardedClientKey.self]?.address ?? remoteAddress }

    /// Whether the client reached Capstan over TLS, which only a trusted proxy can say
    /// (`X-Forwarded-Proto: https`); Capstan itself serves plain HTTP.
    public var isSecure: Bool { attributes[ForwardedClientKey.self]?.isSecure ?? false }
}

/// Takes the client's address and scheme from `X-Forwarded-For` and `X-Forwarded-Proto`, but only
/// when the direct peer is one of the `TrustedProxies`; from anyone else those headers are ignored.
///
/// The address is the right-most `X-Forwarded-For` entry that is not itself a trusted proxy: each
/// proxy appends the peer it saw, so entries left of the first untrusted one were written by the
/// client and prove nothing. When every entry is trusted, the left-most is the client; an entry that
/// is not an IP address ends the walk at the last trusted hop. The scheme is the right-most
/// `X-Forwarded-Proto` value, the one the nearest proxy set.
struct ForwardedMiddleware: Middleware {
    let trusted: TrustedProxies

    func handle(_ request: Request, next: Handler) async throws -> Response {
        guard trusted.contains(request.remoteAddress) else { return try await next(request) }
        var request = request
        request.attributes[ForwardedClientKey.self] = client(of: request)
        return try await next(request)
    }

    func client(of request: Request) -> ForwardedClient {
        var address = request.remoteAddress
        for hop in request.headers.tokens("X-Forwarded-For").reversed() {
            guard IPRange.bytes(hop) != nil else { break }
            address = hop
            guard trusted.contains(hop) else { break }
        }
        return ForwardedClient(address: address, isSecure: request.headers.tokens("X-Forwarded-Proto").last == "https")
    }
}
