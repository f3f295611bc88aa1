import Testing
@testable import HTTP

struct RouterTests {
    func makeRouter() -> Router {
        var router = Router()
        let ok: Handler = { _ in .text("ok") }
        router.get("/", use: ok)
        router.get("/machines", use: ok)
        router.post("/machines", use: ok)
        router.get("/machines/:id", use: ok)
        router.delete("/machines/:id", use: ok)
        router.get("/machines/new", use: ok)
        router.get("/machines/:id/jobs/:job", use: ok)
        router.get("/static/*path", use: ok)
        return router
    }

    func pattern(_ match: Router.Match?) -> String? {
        if case .found(let route, _)? = match { return route.pattern }
        return nil
    }

    @Test func literalsWinOverParameters() {
        let router = makeRouter()
        #expect(pattern(router.match(.get, path: "/machines/new")) == "/machines/new")
        #expect(pattern(router.match(.get, path: "/machines/42")) == "/machines/:id")
    }

    @Test func extractsDecodedParameters() throws {
        guard case .found(_, let parameters)? = makeRouter().match(.get, path: "/machines/web%201/jobs/7") else {
            Issue.record("no match"); return
        }
        #expect(parameters == ["id": "web 1", "job": "7"])
    }

    @Test func wildcardTakesTheRest() {
        guard case .found(_, let parameters)? = makeRouter().match(.get, path: "/static/css/site.css") else {
            Issue.record("no match"); return
        }
        #expect(parameters["path"] == "css/site.css")
    }

    @Test func methodNotAllowedListsTheOthers() {
        guard case .methodNotAllowed(let allowed)? = makeRouter().match(.put, path: "/machines/1") else {
            Issue.record("expected 405"); return
        }
        #expect(allowed.map(\.rawValue) == ["DELETE", "GET", "HEAD"])
    }

    @Test func headFallsBackToGet() {
        #expect(pattern(makeRouter().match(.head, path: "/machines")) == "/machines")
    }

    @Test func unknownPathsAreNotFound() {
        guard case .notFound? = makeRouter().match(.get, path: "/nope") else { Issue.record("expected 404"); return }
        guard case .notFound? = makeRouter().match(.get, path: "/machines/1/other") else { Issue.record("expected 404"); return }
    }

    @Test(arguments: ["/static/../etc/passwd", "/static/%2e%2e/x", "/machines/%zz", "/a/./b", "/x%00y"])
    func refusesMalformedPaths(_ path: String) {
        #expect(makeRouter().match(.get, path: path) == nil)
    }

    @Test func groupsApplyPrefixAndMiddleware() async throws {
        var router = Router()
        let tag = MiddlewareFunction { request, next in
            var response = try await next(request)
            response.headers["X-Group"] = "api"
            return response
        }
        router.group("/api/v1", middleware: [tag]) { api in
            api.get("/ping") { _ in .text("pong") }
        }
        guard case .found(let route, _)? = router.match(.get, path: "/api/v1/ping") else { Issue.record("no route"); return }
        let response = try await route.handler(Request(method: .get, target: "/api/v1/ping"))
        #expect(response.headers["X-Group"] == "api")
        #expect(router.routes.map(\.pattern) == ["/api/v1/ping"])
    }
}
