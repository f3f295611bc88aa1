import Core
import Foundation
import HTTP
import Storage

/// `GET /signin` and `POST /signin` (public), `POST /signout`.
///
/// A refused sign-in re-renders the form (422) keeping the login, never the password; a locked one
/// answers 429 with `Retry-After`. Success sets the session cookie and goes to `next` when it is a
/// local path (`SignInRedirect`), else `/`.
struct SessionsPages: Sendable {
    let templates: Templates
    let signIn: SignIn
    let store: Store

    func show(_ request: Request) async throws -> Response {
        .html(render(next: SignInRedirect.safeTarget(request.query("next")), login: ""))
    }

    func submit(_ request: Request) async throws -> Response {
        let form = try await request.form()
        let next = SignInRedirect.safeTarget(form["next"])
        let outcome = try await signIn.attempt(login: form.text("login"), password: form.text("password"),
                                               remoteAddress: request.remoteAddress)
        switch outcome {
        case .signedIn(let token, let session):
            var response = Response.redirect(to: next)
            response.headers["Set-Cookie"] = SessionCookie.setting(
                token, expiresAt: session.expiresAt, now: signIn.access.now(), for: request)
            return response
        case .refused:
            return .html(render(next: next, login: form.text("login"), error: "Wrong login or password."),
                         status: .unprocessableContent)
        case .locked(let until):
            let seconds = max(1, Int(until.timeIntervalSince(signIn.access.now()).rounded(.up)))
            let minutes = (seconds + 59) / 60
            var response = Response.html(
                render(next: next, login: form.text("login"),
                       error: "Too many failed sign-ins. Try again in \(minutes) minute\(minutes == 1 ? "" : "s")."),
                status: .tooManyRequests)
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

    private func render(next: String, login: String, error: String? = nil) -> String {
        var values: [String: Any] = ["next": next, "login": login]
        values["error"] = error
        return templates.render(.signin, PageContext.make(title: "Sign in", path: "/signin", values))
    }
}
