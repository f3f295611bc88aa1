import Core
import HTTP

/// `/api/v1/account`: who the caller is and what they may do; changing one's own password.
///
/// - `GET /account` → `{"user":…,"credential":"session"|"token","token":{…}|null,
///   "roles":[{"groupID","role"}…],"canAdminister","canAudit"}`; `roles` are the effective roles
///   (inheritance, global flags and the token's narrowing applied), so a CI job can check its token.
/// - `POST /account/password` `{"currentPassword","newPassword"}` → 204; every session of the user
///   ends; a browser changing it through its session gets a new cookie in the answer.
struct AccountAPI: Sendable {
    let passwords: PasswordChange
    let access: AccessSettings

    func show(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let principal = caller.principal
        let roles: [JSONValue] = principal.tree.groupIDs.sorted().compactMap { groupID in
            principal.role(in: groupID).map { ["groupID": WireJSON.id(groupID), "role": .string($0.rawValue)] }
        }
        var token: JSONValue = .null
        if case .apiToken(let id, let name) = caller.credential, let scope = principal.tokenScope {
            let wire = WireJSON.scope(scope)
            token = ["id": WireJSON.id(id), "name": .string(name), "groups": wire.groups, "maxRole": wire.maxRole]
        }
        return WireJSON.response([
            "user": WireJSON.user(caller.user), "credential": token == .null ? "session" : "token", "token": token,
            "roles": .array(roles), "canAdminister": .bool(principal.decide(.administer).isAllowed),
            "canAudit": .bool(principal.decide(.audit).isAllowed),
        ])
    }

    func changePassword(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let body = try await JSONInput.decode(PasswordBody.self, from: request)
        let renewed = try await passwords.change(current: body.currentPassword, new: body.newPassword, by: caller)
        var response = Response(status: .noContent)
        if let renewed {
            response.headers["Set-Cookie"] = SessionCookie.setting(
                renewed.token, expiresAt: renewed.session.expiresAt, now: access.now(), for: request)
        }
        return response
    }

    private struct PasswordBody: Decodable {
        var currentPassword: String
        var newPassword: String
    }
}
