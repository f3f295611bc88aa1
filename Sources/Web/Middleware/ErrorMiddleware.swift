import Core
import HTTP
import Logging

/// Turns whatever a handler throws into the error answer `ErrorMapping` prescribes, as JSON or, for
/// a page a browser opened, as an HTML page (`ErrorResponder`).
///
/// `AppError` and `HTTPError` are expected outcomes and answered as such. Anything else is a bug or
/// an outage: it is logged with the request's context and answered 500 with only the request id.
struct ErrorMiddleware: Middleware {
    let logger: Logger
    let responder: ErrorResponder

    func handle(_ request: Request, next: Handler) async throws -> Response {
        do {
            return try await next(request)
        } catch let error as AppError {
            return responder.response(for: error, to: request)
        } catch let error as HTTPError {
            var response = responder.response(status: error.status, message: error.message, to: request)
            // The server closes the connection when a response says so: the stream cannot be trusted.
            if error.closesConnection { response.headers["Connection"] = "close" }
            return response
        } catch {
            logger.error("unhandled error", metadata: [
                "request-id": "\(request.requestID)",
                "method": "\(request.method)",
                "path": "\(request.path)",
                "error": "\(String(reflecting: error))",
            ])
            return responder.internalError(requestID: request.requestID, to: request)
        }
    }
}
