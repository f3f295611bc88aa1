import Core
import Foundation
import HTTP

/// The browser session cookie, `capstan_session`: how it is read from requests and written to responses.
///
/// Always `HttpOnly` (scripts cannot read it), `SameSite=Lax` (not sent on cross-site posts) and
/// `Path=/`. `Secure` is added when the request reached the nginx front over TLS, which that front
/// says with `X-Forwarded-Proto: https` (see docker/). A client sending that header over plain HTTP
/// only gets a cookie its own browser will not send back, so trusting it is harmless.
enum SessionCookie {
    static let name = "capstan_session"

    /// The session token from the `Cookie` fields, if any (RFC 6265 §5.4: `a=b; c=d`).
    static func token(in headers: Headers) -> String? {
        for field in headers.values("Cookie") {
            for pair in field.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// The `Set-Cookie` value that starts a session lasting until `expiresAt`.
    static func setting(_ token: Token, expiresAt: Date, now: Date, for request: Request) -> String {
        let maxAge = max(0, Int(expiresAt.timeIntervalSince(now)))
        return "\(name)=\(token.text); Max-Age=\(maxAge)" + attributes(for: request)
    }

    /// The `Set-Cookie` value that removes the cookie (sign-out).
    static func clearing(for request: Request) -> String {
        "\(name)=; Max-Age=0" + attributes(for: request)
    }

    static func isSecure(_ request: Request) -> Bool {
        request.headers["X-Forwarded-Proto"]?.lowercased() == "https"
    }

    private static func attributes(for request: Request) -> String {
        "; Path=/; HttpOnly; SameSite=Lax" + (isSecure(request) ? "; Secure" : "")
    }
}
