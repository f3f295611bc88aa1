import Core
import Foundation
import HTTP

/// `GET /groups/{id}`: one group with its subgroups, direct members and their roles, machine totals
/// (subgroups included), and for those who may manage it an edit form (name, description, parent)
/// and its enrollment tokens with a create form and revoke buttons.
///
/// The enrollment-token forms are `EnrollmentTokensPages`; both render through `render(_:_:)`,
/// which is also how a refused edit or a new token (shown this once) comes back.
struct GroupPage: Sendable {
    let templates: Templates
    let groups: GroupOperations
    let machines: MachineOperations
    let environments: EnvironmentOperations
    let tokens: EnrollmentTokenOperations

    /// What a render adds to the plain page: a refused form (what was typed into the edit form or
    /// the token form, and why it was refused), or a token just created.
    struct Extras {
        var typed: [String: String] = [:]
        var tokenTyped: [String: String] = [:]
        var error: AppError?
        var newToken: (text: String, serverURL: String)?
        var status: Status?
    }

    func show(_ request: Request) async throws -> Response {
        try await render(request.caller(), try request.id(noun: "group"))
    }

    func render(_ caller: Caller, _ id: Int64, _ extras: Extras = Extras()) async throws -> Response {
        let group = try await groups.group(id, caller: caller)
        let visible = try await groups.list(caller: caller)
        let principal = caller.principal
        let canManage = principal.decide(.manage, in: id).isAllowed
        var values: [String: Any] = extras.error.map(PageContext.formErrors) ?? [:]
        values["group"] = ["id": String(id), "name": group.name, "description": group.description] as [String: Any]
        values["parent"] = group.parentID.flatMap { parentID in visible.first { $0.id == parentID } }
            .map { ["id": String($0.id), "name": $0.name] }
        values["subgroups"] = visible.filter { $0.parentID == id }.map { ["id": String($0.id), "name": $0.name] }
        values["members"] = try await groups.members(id, caller: caller).map { member in
            ["login": member.user.login, "name": member.user.name, "role": member.membership.role.rawValue]
        }
        let counts = try await machines.counts(MachineQuery(groupIDs: [id], includeSubgroups: true, visibleGroupIDs: principal.listableGroupIDs,
                                                            offlineAfter: machines.liveness.offlineAfter, now: machines.now()))
        values["counts"] = ["total": counts.total, "online": counts.online, "offline": counts.offline]
        values["canManage"] = canManage
        if canManage {
            let typed = Self.typed(group).merging(extras.typed) { $1 }
            values["typed"] = typed
            values["parentOptions"] = Self.parentOptions(group, visible, principal, selected: typed["parentID"] ?? "")
            values.merge(try await tokenValues(group, caller, extras)) { $1 }
        }
        let context = PageContext.make(title: group.name, path: "/groups", caller: caller, values)
        return .html(templates.render(.group, context), status: extras.status ?? PageContext.status(extras.error))
    }

    private func tokenValues(_ group: ProductGroup, _ caller: Caller, _ extras: Extras) async throws -> [String: Any] {
        let all = try await environments.list()
        let names = MachineNames(groups: [], environments: all)
        let now = tokens.now()
        var values: [String: Any] = [:]
        values["enrollmentTokens"] = try await tokens.list(groupID: group.id, caller: caller).map { token in
            ["id": String(token.id), "environment": names.environments[token.environmentID] ?? "environment \(token.environmentID)",
             "usesLeft": token.usesLeft, "expiresAt": RFC3339.string(token.expiresAt), "isUsable": token.isUsable(now: now)] as [String: Any]
        }
        let typed = extras.tokenTyped
        values["environmentOptions"] = PageContext.options(all.map { ($0.id, $0.name) }, selected: Int64(typed["environmentID"] ?? ""))
        values["tokenForm"] = ["uses": typed["uses"] ?? "1", "expiresIn": typed["expiresIn"] ?? "24",
                               "inDays": typed["expiresUnit"] == "days"] as [String: Any]
        if let newToken = extras.newToken {
            values["newToken"] = ["text": newToken.text,
                                  "command": "capstan-agent enroll --server \(newToken.serverURL) --token \(newToken.text)"]
        }
        return values
    }

    private static func typed(_ group: ProductGroup) -> [String: String] {
        ["name": group.name, "description": group.description, "parentID": group.parentID.map { String($0) } ?? ""]
    }

    /// Where the group may go: groups the caller manages, minus itself and its subgroups (a cycle),
    /// plus the top level for admins; the current parent is always offered, so saving a rename
    /// never moves the group by accident.
    private static func parentOptions(_ group: ProductGroup, _ visible: [ProductGroup], _ principal: Principal,
                                      selected: String) -> [[String: Any]] {
        let below = principal.tree.descendants(of: group.id)
        var choices = visible.filter { candidate in
            candidate.id == group.parentID
                || (candidate.id != group.id && !below.contains(candidate.id) && principal.decide(.manage, in: candidate.id).isAllowed)
        }.map { (id: $0.id, label: $0.name) }
        if let parentID = group.parentID, !choices.contains(where: { $0.id == parentID }) {
            choices.insert((parentID, "(current parent)"), at: 0)
        }
        var options: [[String: Any]] = []
        if group.parentID == nil || principal.decide(.administer).isAllowed {
            options.append(["value": "", "label": "(top level)", "selected": selected.isEmpty])
        }
        return options + PageContext.options(choices, selected: Int64(selected))
    }
}
