import Core
import HTTP
import Logging

/// Turns whatever a handler throws into the JSON error answer `ErrorMapping` prescribes.
///
/// `AppError` and `HTTPError` are expected outcomes and answered as such. Anything else is a bug or
/// an outage: it is logged with the request's context and answered 500 with only the request id.
struct ErrorMiddleware: Middleware {
    let logger: Logger

    func handle(_ request: Request, next: Handler) async throws -> Response {
        do {
            return try await next(request)
        } catch let error as AppError {
            return ErrorMapping.response(for: error)
        } catch let error as HTTPError {
            var response = ErrorMapping.response(status: error.status, message: error.message)
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
            return ErrorMapping.internalError(requestID: request.requestID)
        }
    }
}
