import Core
import HTTP
import Storage

extension UsersPages {
    func edit(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let (user, _) = try await admin.user(id: request.id(), by: caller)
        var values = fields(user)
        if request.query("saved") != nil { values["notice"] = "Saved." }
        return .html(try await renderEdit(caller, userID: user.id, values))
    }

    func update(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        try caller.principal.require(.administer)
        let id = try request.id()
        let form = try await request.form()
        let change = UserAdmin.Change(name: form.text("name"), isAdmin: form.isChecked("isAdmin"),
                                      isAuditor: form.isChecked("isAuditor"), isDisabled: form.isChecked("disabled"))
        do {
            _ = try await admin.update(id: id, change, by: caller)
            return .redirect(to: "/users/\(id)?saved=1")
        } catch let error as AppError where error.code == .invalid || error.code == .conflict {
            let (user, _) = try await admin.user(id: id, by: caller)
            let typed: [String: Any] = ["name": form.text("name"), "isAdmin": change.isAdmin ?? false,
                                        "isAuditor": change.isAuditor ?? false, "isDisabled": change.isDisabled ?? false]
            let values = fields(user).merging(typed) { $1 }.merging(PageContext.errors(error)) { $1 }
            return .html(try await renderEdit(caller, userID: id, values), status: .unprocessableContent)
        }
    }

    func setRole(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let id = try request.id()
        let form = try await request.form()
        guard let groupID = Int64(form.text("groupID")) else { throw AppError(.invalid, "choose a group", field: "groupID") }
        guard let role = Role(rawValue: form.text("role")) else { throw AppError(.invalid, "choose a role", field: "role") }
        try await admin.setRole(role, userID: id, groupID: groupID, by: caller)
        return .redirect(to: "/users/\(id)?saved=1")
    }

    func removeRole(_ request: Request) async throws -> Response {
        let id = try request.id()
        try await admin.removeRole(userID: id, groupID: request.id("groupID"), by: request.caller())
        return .redirect(to: "/users/\(id)?saved=1")
    }

    private func fields(_ user: User) -> [String: Any] {
        ["id": String(user.id), "login": user.login, "name": user.name, "isAdmin": user.isAdmin,
         "isAuditor": user.isAuditor, "isDisabled": user.isDisabled]
    }

    private func renderEdit(_ caller: Caller, userID: Int64, _ values: [String: Any]) async throws -> String {
        let (memberships, groups) = try await store.read { db in (try db.memberships(userID: userID), try db.groups()) }
        let names = Dictionary(groups.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var values = values
        values["memberships"] = memberships.map { membership -> [String: Any] in
            ["groupID": String(membership.groupID), "group": names[membership.groupID] ?? "#\(membership.groupID)",
             "role": membership.role.rawValue]
        }
        values["groups"] = groups.map { ["id": String($0.id), "name": $0.name] }
        values["roles"] = Role.allCases.reversed().map(\.rawValue)
        return templates.render(.userEdit, PageContext.make(title: "User \(values["login"] ?? "")", path: "/users",
                                                            caller: caller, values))
    }
}
