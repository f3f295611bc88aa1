import Core
import HTTP

/// `GET /account/password` and `POST /account/password`: change one's own password.
///
/// Success ends every session of the user, starts a new one for this browser, and redirects back
/// with a notice; a refusal re-renders the form (422) with the message next to its field and the
/// password fields empty.
struct AccountPages: Sendable {
    static let path = "/account/password"
    let templates: Templates
    let passwords: PasswordChange

    func show(_ request: Request) async throws -> Response {
        let values: [String: Any] = request.query("changed") == nil ? [:] : ["notice": "Password changed. Other sessions were signed out."]
        return .html(render(try request.caller(), values))
    }

    func submit(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let form = try await request.form()
        do {
            guard form.text("newPassword") == form.text("confirmPassword") else {
                throw AppError(.invalid, "the two new passwords differ", field: "confirmPassword")
            }
            let renewed = try await passwords.change(current: form.text("currentPassword"), new: form.text("newPassword"), by: caller)
            var response = Response.redirect(to: Self.path + "?changed=1")
            if let renewed {
                response.headers["Set-Cookie"] = SessionCookie.setting(
                    renewed.token, expiresAt: renewed.session.expiresAt, now: passwords.access.now(), for: request)
            }
            return response
        } catch let error as AppError where error.code == .invalid {
            return .html(render(caller, PageContext.errors(error)), status: .unprocessableContent)
        }
    }

    private func render(_ caller: Caller, _ values: [String: Any]) -> String {
        templates.render(.password, PageContext.make(title: "Change password", path: Self.path, caller: caller, values))
    }
}
