import Foundation

/// The sign-in form as a browser uses it: `GET /signin` sets the `capstan_signin` cookie and puts
/// the same token in the hidden `_csrf` field; the post sends both back.
enum SignInForm {
    /// The token from a fresh `GET /signin`, checked to be both the cookie and the field.
    static func token(port: Int) async throws -> String {
        let page = try await RawHTTP.send(method: "GET", target: "/signin", port: port)
        guard let cookie = page.header("Set-Cookie")?.firstMatch(of: /capstan_signin=([^;]+)/)?.1,
              let field = page.text.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1, cookie == field else {
            throw RawHTTP.Failure("GET /signin gave no matching CSRF cookie and field: \(page.status)")
        }
        return String(cookie)
    }

    /// Posts `fields` with a fresh token as `_csrf` and the cookie (added to any `Cookie` in `headers`).
    static func post(_ fields: [String: String], headers: [String: String] = [:], port: Int) async throws -> HTTPResponse {
        let token = try await token(port: port)
        var headers = headers
        headers["Cookie"] = (headers["Cookie"].map { $0 + "; " } ?? "") + "capstan_signin=\(token)"
        return try await RawHTTP.postForm("/signin", fields.merging(["_csrf": token]) { $1 }, headers: headers, port: port)
    }
}
