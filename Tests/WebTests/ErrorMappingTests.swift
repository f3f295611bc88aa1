import Core
import HTTP
import Testing
@testable import Web

struct ErrorMappingTests {
    @Test("maps every AppError code to its status", arguments: [
        (AppError.Code.invalid, 422), (.notFound, 404), (.conflict, 409), (.unauthorized, 401),
        (.forbidden, 403), (.unavailable, 503), (.tooLarge, 413), (.tooManyRequests, 429),
    ])
    func statusOfCode(code: AppError.Code, status: Int) {
        #expect(ErrorMapping.status(for: code).code == status)
        #expect(ErrorMapping.code(for: Status(status)) == code.rawValue)
    }

    @Test("names the statuses no AppError code covers", arguments: [
        (400, "badRequest"), (405, "methodNotAllowed"), (408, "requestTimeout"), (414, "uriTooLong"),
        (431, "headersTooLarge"), (501, "notImplemented"), (505, "versionNotSupported"), (500, "internal"),
    ])
    func codeOfStatus(status: Int, code: String) {
        #expect(ErrorMapping.code(for: Status(status)) == code)
    }

    @Test("an AppError with a field answers the JSON shape with the field")
    func appErrorBody() throws {
        let response = ErrorMapping.response(for: AppError(.invalid, "version must not be empty", field: "version"))
        #expect(response.status.code == 422)
        #expect(response.headers["Content-Type"] == "application/json")
        guard case .bytes(let bytes) = response.body else { Issue.record("expected bytes"); return }
        #expect(String(decoding: bytes, as: UTF8.self)
            == #"{"error":{"code":"invalid","field":"version","message":"version must not be empty"}}"#)
    }

    @Test("an unknown API route answers 404 in the JSON error shape")
    func notFound() async throws {
        try await withRunningApp { app in
            let response = try await app.get("/api/v1/no/such/thing", headers: try await app.adminTokenHeaders())
            #expect(response.status == 404)
            #expect(response.header("Content-Type") == "application/json")
            let error = try response.errorObject()
            #expect(error["code"] as? String == "notFound")
            #expect((error["message"] as? String)?.isEmpty == false)
        }
    }

    @Test("a known path with another method answers 405 with Allow in the JSON error shape")
    func methodNotAllowed() async throws {
        try await withRunningApp { app in
            let response = try await RawHTTP.send(method: "DELETE", target: "/healthz", port: app.port)
            #expect(response.status == 405)
            #expect(response.header("Allow") == "GET, HEAD")
            #expect(try response.errorObject()["code"] as? String == "methodNotAllowed")
        }
    }

    @Test("a request without Host answers 400 in the JSON error shape")
    func malformedRequest() async throws {
        try await withRunningApp { app in
            let bytes = try await RawHTTP.exchange(Array("GET / HTTP/1.1\r\n\r\n".utf8), port: app.port)
            let response = try RawHTTP.parse(bytes)
            #expect(response.status == 400)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("Connection") == "close")
            let error = try response.errorObject()
            #expect(error["code"] as? String == "badRequest")
            #expect(error["message"] as? String == "missing Host header")
        }
    }

    @Test("a body over the configured limit answers 413 in the JSON error shape")
    func bodyTooLarge() async throws {
        try await withRunningApp(configure: { configuration, _ in configuration.maxBodyBytes = 100 }) { app in
            let head = "POST /api/v1/ping HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n"
            let response = try RawHTTP.parse(try await RawHTTP.exchange(Array(head.utf8), port: app.port))
            #expect(response.status == 413)
            #expect(try response.errorObject()["code"] as? String == "tooLarge")
        }
    }

    @Test("a request head not finished within the header timeout answers 408 in the JSON error shape")
    func headerTimeout() async throws {
        try await withRunningApp(configure: { configuration, _ in configuration.headerTimeout = .milliseconds(100) }) { app in
            let response = try RawHTTP.parse(try await RawHTTP.exchange(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8), port: app.port))
            #expect(response.status == 408)
            #expect(try response.errorObject()["code"] as? String == "requestTimeout")
        }
    }

    @Test("an unknown page answers the server's 404 as an HTML page, or JSON when Accept prefers it")
    func notFoundPage() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            let session = try await app.signIn("ada")
            let page = try await app.get("/no/such/page", headers: session.headers().merging(["Accept": "text/html"]) { $1 })
            #expect(page.status == 404)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.text.contains("<h1>Page not found</h1>"))
            #expect(page.text.contains("no such route: /no/such/page"))
            #expect(page.text.contains(#"<a href="/">Back to the overview</a>"#))
            let json = try await app.get("/no/such/page", headers: session.headers().merging(["Accept": "application/json"]) { $1 })
            #expect(json.status == 404)
            #expect(try json.errorObject()["code"] as? String == "notFound")
        }
    }

    @Test("a page route with another method answers the server's 405 as an HTML page with Allow")
    func methodNotAllowedPage() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada")
            let session = try await app.signIn("ada")
            let response = try await app.send("DELETE", "/machines", headers: session.headers())
            #expect(response.status == 405)
            #expect(response.header("Allow") == "GET, HEAD, POST")
            #expect(response.header("Content-Type") == "text/html; charset=utf-8")
            #expect(response.text.contains("Error 405."))
        }
    }
}
