import Testing
@testable import HTTP

/// `Response.deferred`: the answer is worked out after the middleware chain returned, keeps the
/// placeholder's middleware headers unless it sets its own, and the connection stays usable.
struct DeferredResponseTests {
    struct Stamp: Middleware {
        func handle(_ request: Request, next: Handler) async throws -> Response {
            var response = try await next(request)
            response.headers.add("X-Stamp", "set-by-middleware")
            response.headers.add("X-Overridden", "placeholder")
            return response
        }
    }

    static func routes(_ router: inout Router) {
        router.get("/later/:status") { request in
            let status = Int(request.parameters["status"] ?? "") ?? 500
            return .deferred {
                await Task.yield()
                var response = status == 204 ? Response(status: .noContent) : Response.text("done", status: Status(status))
                response.headers.add("X-Overridden", "answer")
                return response
            }
        }
        router.get("/now") { _ in .text("now") }
    }

    @Test("a deferred answer is written with the middleware's headers, and the connection goes on")
    func deferredAnswer() async throws {
        try await withServer(middleware: [Stamp()], routes: Self.routes) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("GET /later/201 HTTP/1.1\r\nHost: t\r\n\r\n")
                let first = try client.readResponse()
                #expect(first.status == 201)
                #expect(first.text == "done")
                #expect(first.headers["X-Stamp"] == "set-by-middleware")
                #expect(first.headers.values("X-Overridden") == ["answer"])
                try client.send("GET /later/204 HTTP/1.1\r\nHost: t\r\n\r\nGET /now HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().status == 204)
                #expect(try client.readResponse().text == "now")
            }
        }
    }
}
