import HTTP

/// Reading request cookies and writing `Set-Cookie` values with the attributes every Capstan
/// cookie has.
///
/// Always `Path=/`, `HttpOnly` (scripts cannot read it) and `SameSite=Lax` (not sent on cross-site
/// posts); `Secure` when the client reached Capstan over TLS, which only a trusted proxy can say
/// (`request.isSecure`, see `ForwardedMiddleware`).
enum Cookie {
    /// The value of cookie `name` in the `Cookie` fields, if any (RFC 6265 §5.4: `a=b; c=d`).
    static func value(_ name: String, in headers: Headers) -> String? {
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

    /// The `Set-Cookie` value for `name=value` lasting `maxAge` seconds; 0 removes the cookie.
    static func setting(_ name: String, _ value: String, maxAge: Int, for request: Request) -> String {
        "\(name)=\(value); Max-Age=\(max(0, maxAge)); Path=/; HttpOnly; SameSite=Lax" + (request.isSecure ? "; Secure" : "")
    }
}
