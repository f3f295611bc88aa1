import Core
import HTTP

/// Answers every error in the form its client wants (`ErrorFormat`): `ErrorMapping`'s JSON for
/// programs, `ErrorPage`'s HTML for people. Used by `ErrorMiddleware` for what handlers throw and
/// by the server's `errorResponse` hook for what it detects itself (404, 405, 400, 408, 413…).
struct ErrorResponder: Sendable {
    let page: ErrorPage

    func response(for error: AppError, to request: Request) -> Response {
        answer(ErrorMapping.response(for: error), message: error.message, target: request.target, headers: request.headers)
    }

    func response(status: Status, message: String, to head: RequestHead?) -> Response {
        answer(ErrorMapping.response(status: status, message: message), message: message, target: head?.target, headers: head?.headers ?? [:])
    }

    func response(status: Status, message: String, to request: Request) -> Response {
        answer(ErrorMapping.response(status: status, message: message), message: message, target: request.target, headers: request.headers)
    }

    /// A 500 that shows only the request id, in either form.
    func internalError(requestID: String, to request: Request) -> Response {
        answer(ErrorMapping.internalError(requestID: requestID), message: "", requestID: requestID,
               target: request.target, headers: request.headers)
    }

    /// `json` as is, or the page for its status; nil `target` means the request was not parsed.
    private func answer(_ json: Response, message: String, requestID: String? = nil, target: String?, headers: Headers) -> Response {
        guard let target, ErrorFormat.choose(target: target, headers: headers) == .html else { return json }
        return page.response(status: json.status, message: message, requestID: requestID, headers: headers)
    }
}
