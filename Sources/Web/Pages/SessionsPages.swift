import Core
import Foundation
import HTTP
import Storage

/// `GET /signin` and `POST /signin` (public), `POST /signout`.
///
/// The form carries `SignInToken`'s pre-session CSRF token; a post without the matching cookie is
/// refused (403) before the password is looked at, and the form is shown again with a new token.
/// A refused sign-in re-renders the form (422) keeping the login, never the password; a locked one
/// answers 429 with `Retry-After`. Success sets the session cookie, drops the sign-in cookie and goes
/// to `next` when it is a local path (`SignInRedirect`), else `/`.
struct SessionsPages: Sendable {
    let templates: Templates
    let signIn: SignIn
    let store: Store

    func show(_ request: Request) async throws -> Response {
        form(for: request, next: SignInRedirect.safeTarget(request.query("next")), login: "")
    }

    func submit(_ request: Request) async throws -> Response {
        let fields = try await request.form()
        let next = SignInRedirect.safeTarget(fields["next"])
        let login = fields.text("login")
        guard SignInToken.isValid(request, form: fields) else {
            return form(for: request, next: next, login: login, status: .forbidden,
                        error: "This sign-in form has expired or came from another site. Please sign in again.")
        }
        let outcome = try await signIn.attempt(login: login, password: fields.text("password"), remoteAddress: request.clientAddress)
        switch outcome {
        case .signedIn(let token, let session):
            var response = Response.redirect(to: next)
            response.headers.add("Set-Cookie", SessionCookie.setting(token, expiresAt: session.expiresAt, now: signIn.access.now(), for: request))
            response.headers.add("Set-Cookie", SignInToken.clearing(for: request))
            return response
        case .refused:
            return form(for: request, next: next, login: login, status: .unprocessableContent, error: "Wrong login or password.")
        case .locked(let until):
            let seconds = max(1, Int(until.timeIntervalSince(signIn.access.now()).rounded(.up)))
            let minutes = (seconds + 59) / 60
            var response = form(for: request, next: next, login: login, status: .tooManyRequests,
                                error: "Too many failed sign-ins. Try again in \(minutes) minute\(minutes == 1 ? "" : "s").")
            response.headers["Retry-After"] = String(seconds)
            return response
        }
    }

    func signOut(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        if case .session(let tokenHash, _) = caller.credential {
            let now = signIn.access.now()
            try await store.write { db in
                try db.deleteSession(tokenHash: tokenHash)
                try db.appendAudit(caller.auditEntry(at: now, action: "session.signOut", targetType: "user",
                                                     targetID: String(caller.user.id)))
            }
        }
        var response = Response.redirect(to: "/signin")
        response.headers["Set-Cookie"] = SessionCookie.clearing(for: request)
        return response
    }

    /// The sign-in form with its CSRF token, and the cookie that token must match.
    private func form(for request: Request, next: String, login: String, status: Status = .ok, error: String? = nil) -> Response {
        let csrfToken = SignInToken.token(for: request)
        var values: [String: Any] = ["next": next, "login": login, "csrfToken": csrfToken]
        values["error"] = error
        var response = Response.html(templates.render(.signin, PageContext.make(title: "Sign in", path: "/signin", values)), status: status)
        response.headers.add("Set-Cookie", SignInToken.setting(csrfToken, for: request))
        return response
    }
}
