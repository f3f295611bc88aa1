import HTTP

/// The HTML answer to an error on a page route (`error.mustache` in the site's layout): the status,
/// a heading people understand, the message, and a way on.
///
/// Messages are the ones the JSON would carry (`AppError` messages are written for users). A 500
/// never shows one: only the request id to quote, since the details are in the log. The page
/// offers the overview, and the sign-in page to a browser without a session cookie.
struct ErrorPage: Sendable {
    let templates: Templates

    func response(status: Status, message: String, requestID: String?, headers: Headers) -> Response {
        let isServerError = status.code >= 500
        var values: [String: Any] = [
            "status": status.code,
            "heading": Self.heading(for: status),
            "isSignedOut": SessionCookie.token(in: headers) == nil,
        ]
        values["message"] = isServerError ? "Something went wrong on the server; it has been logged." : message
        values["requestID"] = isServerError ? requestID : nil
        return .html(templates.render(.error, PageContext.make(title: Self.heading(for: status), path: "", values)), status: status)
    }

    static func heading(for status: Status) -> String {
        switch status.code {
        case 400: "Bad request"
        case 403: "Not allowed"
        case 404: "Page not found"
        case 405: "Not available this way"
        case 409: "Conflict"
        case 413: "Too large"
        case 422: "Not accepted"
        case 429: "Too many requests"
        case 500..<600: "Something went wrong"
        default: "Request failed"
        }
    }
}
