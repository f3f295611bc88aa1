import Core
import HTTP
import Storage

/// `GET /tokens` (own tokens and a create form), `POST /tokens` (create: the page shows the new
/// token this once), `POST /tokens/:id/revoke`.
///
/// The form offers the groups the caller can see, or all groups, a role up to owner, and an expiry
/// from `TokenExpiry.choices`; `Principal.checkCanIssue` refuses more than the caller holds.
struct TokensPages: Sendable {
    static let path = "/tokens"
    let templates: Templates
    let issuer: TokenIssuer
    let store: Store

    func list(_ request: Request) async throws -> Response {
        .html(try await render(request.caller(), [:]))
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let form = try await request.form()
        let groupIDs = form.values("groups")
        do {
            let groups: TokenScope.Groups = groupIDs.contains("all") ? .all : .groups(Set(groupIDs.compactMap(Int64.init)))
            guard let role = Role(rawValue: form.text("maxRole")) else { throw AppError(.invalid, "choose a role", field: "maxRole") }
            let expiresAt = try TokenExpiry.date(expiresIn: form["expiresIn"], expiresAt: nil, now: issuer.access.now())
            let draft = APITokenDraft(name: form.text("name"), scope: TokenScope(groups: groups, maxRole: role), expiresAt: expiresAt)
            let (apiToken, token) = try await issuer.create(draft, by: caller)
            return .html(try await render(caller, ["newToken": token.text, "newTokenName": apiToken.name]), status: .created)
        } catch let error as AppError where [.invalid, .conflict, .forbidden, .notFound].contains(error.code) {
            let typed: [String: Any] = ["name": form.text("name"), "checkedGroups": Set(groupIDs),
                                        "maxRole": form.text("maxRole"), "expiresIn": form.text("expiresIn")]
            return .html(try await render(caller, typed.merging(PageContext.errors(error)) { $1 }), status: .unprocessableContent)
        }
    }

    func revoke(_ request: Request) async throws -> Response {
        try await issuer.revoke(id: request.id(), by: request.caller())
        return .redirect(to: Self.path)
    }

    private func render(_ caller: Caller, _ values: [String: Any]) async throws -> String {
        let tokens = try await issuer.tokens(of: caller)
        let visible = caller.principal.viewableGroupIDs()
        let groups = try await store.read { db in try db.groups() }.filter { visible.contains($0.id) }
        let names = Dictionary(groups.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let checked = values["checkedGroups"] as? Set<String> ?? []
        let role = values["maxRole"] as? String ?? Role.viewer.rawValue
        let expiry = values["expiresIn"] as? String ?? TokenExpiry.choices[0].value
        var context = values
        context["tokens"] = tokens.map { token -> [String: Any] in
            let scope: String = switch token.scope.groups {
            case .all: "all groups"
            case .groups(let ids): ids.sorted().map { names[$0] ?? "#\($0)" }.joined(separator: ", ")
            }
            return ["id": String(token.id), "name": token.name, "scope": scope, "maxRole": token.scope.maxRole.rawValue,
                    "expiresAt": token.expiresAt.map(RFC3339.string) ?? "never",
                    "lastUsedAt": token.lastUsedAt.map(RFC3339.string) ?? "never"]
        }
        context["groupChoices"] = [["id": "all", "name": "All groups", "checked": checked.contains("all")]]
            + groups.map { ["id": String($0.id), "name": $0.name, "checked": checked.contains(String($0.id))] }
        context["roleChoices"] = Role.allCases.map { ["value": $0.rawValue, "selected": $0.rawValue == role] }
        context["expiryChoices"] = TokenExpiry.choices.map { ["value": $0.value, "label": $0.label, "selected": $0.value == expiry] }
        return templates.render(.tokens, PageContext.make(title: "API tokens", path: Self.path, caller: caller, context))
    }
}
