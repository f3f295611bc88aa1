import Core
import HTTP

/// The sign-in form's own CSRF token, set before any session exists (against login CSRF, where a
/// forged post signs the victim into the attacker's account and the victim's work lands there).
///
/// `GET /signin` puts one random token in the short-lived `capstan_signin` cookie and the same
/// value in the form's hidden `_csrf` field; `POST /signin` goes ahead only when both are present
/// and equal (compared in constant time). Another site can make a browser post the form, but it
/// can neither read nor set the cookie, so it cannot send a matching field (double submit).
enum SignInToken {
    static let cookie = "capstan_signin"
    /// Long enough to fill in the form; a page left open longer is refused and shown afresh.
    static let lifetime = 60 * 60

    /// The token the form should carry: the request's own cookie when it holds one of ours (so
    /// two open sign-in tabs keep working), else a new one.
    static func token(for request: Request) -> String {
        sent(in: request) ?? Token.make(.csrf).text
    }

    /// Whether the form's `_csrf` field matches the `capstan_signin` cookie.
    static func isValid(_ request: Request, form: Form) -> Bool {
        guard let expected = sent(in: request), let field = form[CSRFCheck.field] else { return false }
        return CSRFCheck.matches(field, expected)
    }

    /// The `Set-Cookie` value that stores `token` for `lifetime` seconds.
    static func setting(_ token: String, for request: Request) -> String {
        Cookie.setting(cookie, token, maxAge: lifetime, for: request)
    }

    /// The `Set-Cookie` value that removes it once signed in.
    static func clearing(for request: Request) -> String {
        Cookie.setting(cookie, "", maxAge: 0, for: request)
    }

    /// The cookie's value when it has the shape of a CSRF token (`csr_` and 43 base64url characters).
    private static func sent(in request: Request) -> String? {
        guard let value = Cookie.value(cookie, in: request.headers), Token(text: value).kind == .csrf,
              value.utf8.allSatisfy(isTokenByte) else { return nil }
        return value
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }
}
