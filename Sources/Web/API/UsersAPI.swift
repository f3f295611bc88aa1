import Core
import HTTP

/// `/api/v1/users`: accounts and their group roles, for administrators only (`administer`; a token
/// never administers). Every change is audited with the change.
///
/// - `GET /users` → `{"items":[user…],"nextCursor":null}` (all users, by login)
/// - `POST /users` `{"login","name","password"?,"isAdmin"?,"isAuditor"?}` → 201 user
/// - `GET /users/:id` → user with `"memberships":[{"groupID","role"}…]`
/// - `PATCH /users/:id` `{"name"?,"isAdmin"?,"isAuditor"?,"disabled"?}` → user
/// - `PUT /users/:id/memberships/:groupID` `{"role":"owner|deployer|viewer"}` → the membership
/// - `DELETE /users/:id/memberships/:groupID` → 204
struct UsersAPI: Sendable {
    let admin: UserAdmin

    func list(_ request: Request) async throws -> Response {
        let users = try await admin.users(by: request.caller())
        return WireJSON.response(WireJSON.list(users.map(WireJSON.user)))
    }

    func create(_ request: Request) async throws -> Response {
        try request.caller().principal.require(.administer)
        let body = try await JSONInput.decode(CreateBody.self, from: request)
        let draft = UserDraft(login: body.login, name: body.name ?? "", isAdmin: body.isAdmin ?? false,
                              isAuditor: body.isAuditor ?? false)
        let user = try await admin.create(draft, password: body.password, by: request.caller())
        return WireJSON.response(WireJSON.user(user), status: .created)
    }

    func show(_ request: Request) async throws -> Response {
        let (user, memberships) = try await admin.user(id: request.id(), by: request.caller())
        guard case .object(var json) = WireJSON.user(user) else { preconditionFailure("a user is a JSON object") }
        json["memberships"] = .array(memberships.map(WireJSON.membership))
        return WireJSON.response(.object(json))
    }

    func update(_ request: Request) async throws -> Response {
        try request.caller().principal.require(.administer)
        let body = try await JSONInput.decode(UpdateBody.self, from: request)
        let change = UserAdmin.Change(name: body.name, isAdmin: body.isAdmin, isAuditor: body.isAuditor, isDisabled: body.disabled)
        return WireJSON.response(WireJSON.user(try await admin.update(id: request.id(), change, by: request.caller())))
    }

    func setMembership(_ request: Request) async throws -> Response {
        try request.caller().principal.require(.administer)
        let body = try await JSONInput.decode(MembershipBody.self, from: request)
        let (userID, groupID) = (try request.id(), try request.id("groupID"))
        try await admin.setRole(body.role, userID: userID, groupID: groupID, by: request.caller())
        return WireJSON.response(WireJSON.membership(Membership(userID: userID, groupID: groupID, role: body.role)))
    }

    func removeMembership(_ request: Request) async throws -> Response {
        try await admin.removeRole(userID: request.id(), groupID: request.id("groupID"), by: request.caller())
        return Response(status: .noContent)
    }

    private struct CreateBody: Decodable {
        var login: String
        var name: String?
        var password: String?
        var isAdmin: Bool?
        var isAuditor: Bool?
    }

    private struct UpdateBody: Decodable {
        var name: String?
        var isAdmin: Bool?
        var isAuditor: Bool?
        var disabled: Bool?
    }

    private struct MembershipBody: Decodable {
        var role: Role
    }
}
