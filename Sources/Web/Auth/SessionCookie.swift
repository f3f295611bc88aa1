import Core
import Foundation
import HTTP

/// The browser session cookie, `capstan_session`: how it is read from requests and written to
/// responses, with `Cookie`'s attributes (`HttpOnly; SameSite=Lax`, `Secure` behind TLS).
enum SessionCookie {
    static let name = "capstan_session"

    /// The session token from the `Cookie` fields, if any.
    static func token(in headers: Headers) -> String? {
        Cookie.value(name, in: headers)
    }

    /// The `Set-Cookie` value that starts a session lasting until `expiresAt`.
    static func setting(_ token: Token, expiresAt: Date, now: Date, for request: Request) -> String {
        Cookie.setting(name, token.text, maxAge: Int(expiresAt.timeIntervalSince(now)), for: request)
    }

    /// The `Set-Cookie` value that removes the cookie (sign-out).
    static func clearing(for request: Request) -> String {
        Cookie.setting(name, "", maxAge: 0, for: request)
    }
}
