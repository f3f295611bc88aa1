import Core
import HTTP

/// Decides the HTTP status of every error and writes the JSON every error answer carries:
/// `{"error":{"code":"notFound","message":"…"}}`, plus `"field"` when an input field is at fault.
///
/// `AppError.invalid` answers 422 (Unprocessable Content), not 400: a 400 then always means the server
/// could not make sense of the HTTP message itself (code `badRequest`), while 422 means a well-formed
/// request whose values were refused, and `field` says which. Browsers' form libraries expect 422
/// when a form is re-rendered with errors.
enum ErrorMapping {
    /// The one exhaustive mapping from `AppError.Code` to a status.
    static func status(for code: AppError.Code) -> Status {
        switch code {
        case .invalid: .unprocessableContent
        case .notFound: .notFound
        case .conflict: .conflict
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .unavailable: .serviceUnavailable
        case .tooLarge: .contentTooLarge
        case .tooManyRequests: .tooManyRequests
        }
    }

    /// The wire code for a status chosen without an `AppError` (an `HTTPError`, the server's own
    /// answers): the `AppError` code when one maps to it, else a name for the status.
    static func code(for status: Status) -> String {
        if let code = AppError.Code.allCases.first(where: { self.status(for: $0).code == status.code }) {
            return code.rawValue
        }
        switch status.code {
        case 405: return "methodNotAllowed"
        case 408: return "requestTimeout"
        case 414: return "uriTooLong"
        case 416: return "rangeNotSatisfiable"
        case 417: return "expectationFailed"
        case 431: return "headersTooLarge"
        case 501: return "notImplemented"
        case 505: return "versionNotSupported"
        case 500..<600: return "internal"
        default: return "badRequest"
        }
    }

    static func response(for error: AppError) -> Response {
        response(status: status(for: error.code), body: .init(code: error.code.rawValue, message: error.message, field: error.field))
    }

    /// The answer for an `HTTPError` or an error the server detected itself (its `errorResponse` hook).
    static func response(status: Status, message: String) -> Response {
        response(status: status, body: .init(code: code(for: status), message: message))
    }

    /// A 500 that tells the client only the request id to quote; the details go to the log.
    static func internalError(requestID: String) -> Response {
        let message = "internal error; quote request id \(requestID) when reporting it"
        return response(status: .internalServerError, body: .init(code: "internal", message: message, requestID: requestID))
    }

    private static func response(status: Status, body detail: ErrorBody.Detail) -> Response {
        .json(JSONBody.encode(ErrorBody(error: detail)), status: status)
    }
}

/// The JSON shape of every error answer.
private struct ErrorBody: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
        var field: String? = nil
        var requestID: String? = nil
    }

    var error: Detail
}
