import Core
import HTTP
import Storage

/// Attaches the `Caller` to every request off the public list, or answers for a missing one.
///
/// Public (DESIGN "Security"): `GET /healthz`, `GET /static/…`, `GET` and `POST /signin`, and
/// `POST /agent/v1/enroll` (its enrollment token travels in the body). The
/// check is by path: only those methods are registered there, so any other gets the router's 405
/// (and HEAD rides on GET). Everything else needs `Authorization: Bearer <API token>` or the session cookie.
/// The principal is rebuilt from fresh rows on every request, so a demotion or a disabled account
/// applies at once; a disabled user counts as signed out. Without a caller, the paths for
/// programs (`ErrorFormat.isForPrograms`: `/api/…`, `/agent/…`, `/metrics`) answer 401 with `WWW-Authenticate: Bearer`; pages answer 303 to `/signin?next=…`.
/// Cookie-authenticated writes must pass `CSRFCheck`.
struct AuthMiddleware: Middleware {
    let resolver: CallerResolver
    let agents: AgentResolver

    init(store: Store, access: AccessSettings) {
        resolver = CallerResolver(store: store, access: access)
        agents = AgentResolver(store: store)
    }

    func handle(_ request: Request, next: Handler) async throws -> Response {
        if Self.isPublic(request) { return try await next(request) }
        if request.path.hasPrefix("/agent/") { return try await handleAgent(request, next: next) }
        guard let caller = try await resolver.caller(for: request) else { return Self.unauthenticated(request) }
        var request = request
        request.attributes[CallerKey.self] = caller
        if case .session(_, let csrfToken) = caller.credential {
            request = try await CSRFCheck.verify(request, expected: csrfToken)
        }
        return try await next(request)
    }

    /// `/agent/…` takes only an agent's own token: no session cookie, no user API token.
    private func handleAgent(_ request: Request, next: Handler) async throws -> Response {
        guard let agent = try await agents.agent(for: request) else { return Self.unauthenticated(request) }
        var request = request
        request.attributes[AgentCallerKey.self] = agent
        return try await next(request)
    }

    static func isPublic(_ request: Request) -> Bool {
        let path = request.path
        return path == "/healthz" || path == "/signin" || path == "/healthz/" || path == "/signin/" || path.hasPrefix("/static/")
            || path == "/agent/v1/enroll"
    }

    static func unauthenticated(_ request: Request) -> Response {
        guard !ErrorFormat.isForPrograms(request.path) else {
            var response = ErrorMapping.response(for: AppError(.unauthorized, "sign in or send an API token"))
            response.headers["WWW-Authenticate"] = #"Bearer realm="capstan""#
            return response
        }
        let next = request.method == .get ? request.target : "/"
        return .redirect(to: SignInRedirect.location(next: next))
    }
}
