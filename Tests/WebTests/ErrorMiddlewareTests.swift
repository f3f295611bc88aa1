import Core
import HTTP
import Logging
import Testing
@testable import Web

struct ErrorMiddlewareTests {
    let middleware = ErrorMiddleware(logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))

    private func answer(throwing error: any Error & Sendable, requestID: String = "req-7") async throws -> (Response, HTTPResponse) {
        var request = Request(method: .post, target: "/api/v1/things")
        request.attributes[RequestIDKey.self] = requestID
        let response = try await middleware.handle(request) { _ in throw error }
        guard case .bytes(let bytes) = response.body else { throw RawHTTP.Failure("expected a bytes body") }
        return (response, HTTPResponse(status: response.status.code, headers: [], body: bytes))
    }

    @Test("answers a thrown AppError with its status, code, message and field")
    func appError() async throws {
        let (response, body) = try await answer(throwing: AppError(.conflict, "version 1.2 exists", field: "version"))
        #expect(response.status.code == 409)
        let error = try body.errorObject()
        #expect(error["code"] as? String == "conflict")
        #expect(error["message"] as? String == "version 1.2 exists")
        #expect(error["field"] as? String == "version")
    }

    @Test("answers an HTTPError with its status and keeps its request to close the connection")
    func httpError() async throws {
        let (response, body) = try await answer(throwing: HTTPError(.contentTooLarge, "body too large", closesConnection: true))
        #expect(response.status.code == 413)
        #expect(response.headers["Connection"] == "close")
        #expect(try body.errorObject()["code"] as? String == "tooLarge")
    }

    @Test("answers any other error 500 with the request id and none of the error's details")
    func unexpectedError() async throws {
        struct DiskOnFire: Error { let secret = "SELECT passwordHash FROM user" }
        let (response, body) = try await answer(throwing: DiskOnFire(), requestID: "abc-123")
        #expect(response.status.code == 500)
        let error = try body.errorObject()
        #expect(error["code"] as? String == "internal")
        #expect(error["requestID"] as? String == "abc-123")
        #expect((error["message"] as? String)?.contains("abc-123") == true)
        #expect(!body.text.contains("passwordHash"))
        #expect(!body.text.contains("DiskOnFire"))
    }
}
