import HTTP

/// Headers that make browsers hold the pages to what they are: no content sniffing, no referrer to
/// other sites, and for HTML a Content Security Policy (scripts and styles from this server only, no
/// framing, forms posting only here), so an injection that slipped past the templates' escaping still
/// could not run a script.
///
/// Styles allow `'unsafe-inline'` for `style` attributes (a group's depth in the tree, the charts'
/// colours); scripts never do, and no page has an inline script.
struct SecurityHeadersMiddleware: Middleware {
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
        "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'", "object-src 'none'",
    ].joined(separator: "; ")

    func handle(_ request: Request, next: Handler) async throws -> Response {
        var response = try await next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if response.headers["Content-Type"]?.hasPrefix("text/html") == true {
            response.headers["Content-Security-Policy"] = Self.contentSecurityPolicy
            response.headers["X-Frame-Options"] = "DENY"
        }
        return response
    }
}
