import Core
import HTTP
import Storage

/// The administrators' user pages: `GET /users` (list), `GET /users/new` and `POST /users` (create),
/// `GET /users/:id` and `POST /users/:id` (edit), `POST /users/:id/memberships` (set a role) and
/// `POST /users/:id/memberships/:groupID/delete` (remove it).
///
/// A refused form is re-rendered (422) with the message next to its field and what was typed,
/// except passwords. Permission is `UserAdmin`'s (`administer`).
struct UsersPages: Sendable {
    let templates: Templates
    let admin: UserAdmin
    let store: Store

    func list(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let users = try await admin.users(by: caller)
        let rows: [[String: Any]] = users.map { user in
            ["id": String(user.id), "login": user.login, "name": user.name, "isAdmin": user.isAdmin,
             "isAuditor": user.isAuditor, "isDisabled": user.isDisabled]
        }
        return .html(templates.render(.users, PageContext.make(title: "Users", path: "/users", caller: caller, ["users": rows])))
    }

    func new(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        try caller.principal.require(.administer)
        return .html(renderNew(caller, [:]))
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        try caller.principal.require(.administer)
        let form = try await request.form()
        let draft = UserDraft(login: form.text("login"), name: form.text("name"),
                              isAdmin: form.isChecked("isAdmin"), isAuditor: form.isChecked("isAuditor"))
        let password = form.text("password")
        do {
            let user = try await admin.create(draft, password: password.isEmpty ? nil : password, by: caller)
            return .redirect(to: "/users/\(user.id)")
        } catch let error as AppError where error.code == .invalid || error.code == .conflict {
            let typed: [String: Any] = ["login": draft.login, "name": draft.name, "isAdmin": draft.isAdmin, "isAuditor": draft.isAuditor]
            return .html(renderNew(caller, typed.merging(PageContext.errors(error)) { $1 }), status: .unprocessableContent)
        }
    }

    private func renderNew(_ caller: Caller, _ values: [String: Any]) -> String {
        templates.render(.userNew, PageContext.make(title: "New user", path: "/users", caller: caller, values))
    }
}
