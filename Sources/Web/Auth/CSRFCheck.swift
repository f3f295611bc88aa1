import Core
import Crypto
import HTTP

/// Refuses cookie-authenticated writes that do not echo the session's CSRF token (403).
///
/// The token comes from the `X-CSRF-Token` header (scripts) or the `_csrf` field of an urlencoded
/// form (every page form has it as a hidden input). API tokens are exempt: a browser never attaches
/// a bearer token on its own, so a forged cross-site request cannot carry one.
enum CSRFCheck {
    static let header = "X-CSRF-Token"
    static let field = "_csrf"

    /// Methods that change nothing (RFC 9110 §9.2.1) are never checked.
    static func isSafe(_ method: Method) -> Bool {
        method == .get || method == .head || method == .options
    }

    /// Returns the request, with its parsed form attached when the check had to read it.
    static func verify(_ request: Request, expected: String) async throws -> Request {
        guard !isSafe(request.method) else { return request }
        var request = request
        var sent = request.headers[header]
        if sent == nil, request.isForm {
            let form = try await request.form()
            request.attributes[FormKey.self] = form
            sent = form[field]
        }
        guard let sent, matches(sent, expected) else {
            throw AppError(.forbidden, "missing or wrong CSRF token; reload the page and try again")
        }
        return request
    }

    /// Compares in constant time: digests compare with Crypto's constant-time equality, and hashing
    /// first hides the length too.
    static func matches(_ sent: String, _ expected: String) -> Bool {
        SHA256.hash(data: Array(sent.utf8)) == SHA256.hash(data: Array(expected.utf8))
    }
}
