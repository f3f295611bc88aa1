import Core
import HTTP
import Logging
import Testing
@testable import Web

struct ErrorMiddlewareTests {
    let middleware: ErrorMiddleware

    init() async throws {
        let templates = try await Templates.load(from: Repository.resourcesDirectory)
        middleware = ErrorMiddleware(logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                                     responder: ErrorResponder(page: ErrorPage(templates: templates)))
    }

    private func answer(throwing error: any Error & Sendable, requestID: String = "req-7", target: String = "/api/v1/things",
                        headers: Headers = [:]) async throws -> (Response, HTTPResponse) {
        var request = Request(method: .post, target: target, headers: headers)
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

    @Test("on a page a browser opened, answers an HTML page in the layout with status and message")
    func htmlPage() async throws {
        let (response, body) = try await answer(throwing: AppError(.forbidden, "you may not manage machines in web"),
                                                target: "/machines/7", headers: ["Accept": "text/html,application/xhtml+xml,*/*;q=0.8"])
        #expect(response.status.code == 403)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(body.text.contains("<h1>Not allowed</h1>"))
        #expect(body.text.contains("you may not manage machines in web"))
        #expect(body.text.contains(#"href="/static/capstan.css""#), "in the site's layout")
        #expect(body.text.contains(#"<a href="/signin">sign in</a>"#), "no session cookie: offers sign-in")
    }

    @Test("a page's 500 shows the request id and none of the error's details")
    func htmlInternalError() async throws {
        struct DiskOnFire: Error { let secret = "SELECT passwordHash FROM user" }
        let (response, body) = try await answer(throwing: DiskOnFire(), requestID: "abc-123", target: "/users",
                                                headers: ["Cookie": "capstan_session=cse_x"])
        #expect(response.status.code == 500)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(body.text.contains("<code>abc-123</code>"))
        #expect(!body.text.contains("passwordHash"))
        #expect(!body.text.contains("DiskOnFire"))
        #expect(!body.text.contains(#"href="/signin""#), "a session cookie: no sign-in link")
    }

    @Test("a page request whose Accept prefers JSON gets JSON", arguments: [
        "application/json", "application/json, text/html;q=0.5", "text/html;q=0.1, application/*",
    ])
    func acceptJSON(accept: String) async throws {
        let (response, body) = try await answer(throwing: AppError(.notFound, "no machine with id 7"), target: "/machines/7",
                                                headers: ["Accept": accept])
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(try body.errorObject()["code"] as? String == "notFound")
    }

    @Test("the API, agent, metrics and health paths always answer JSON", arguments: [
        "/api/v1/machines/7", "/agent/v1/jobs", "/metrics", "/healthz",
    ])
    func programPaths(target: String) async throws {
        let (response, _) = try await answer(throwing: AppError(.notFound, "gone"), target: target, headers: ["Accept": "text/html"])
        #expect(response.headers["Content-Type"] == "application/json")
    }
}
