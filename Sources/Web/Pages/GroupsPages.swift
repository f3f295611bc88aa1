import Core
import HTTP

/// `GET /groups`: the tree of groups the caller can see, with forms to create, rename and delete;
/// `POST /groups`, `POST /groups/{id}`, `POST /groups/{id}/delete`. A refused form shows the page
/// again (422 or 409) with the message and what was typed.
struct GroupsPages: Sendable {
    let templates: Templates
    let groups: GroupOperations

    func show(_ request: Request) async throws -> Response {
        try await page(try request.caller())
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let input = try await FormInput.read(request)
        let draft = GroupDraft(name: input["name"], parentID: Int64(input["parentID"]), description: input["description"])
        do {
            _ = try await groups.create(draft, caller: caller)
            return .redirect(to: "/groups")
        } catch let error as AppError where MachineFormPages.isFormError(error) {
            return try await page(caller, typed: input.typed, error: error)
        }
    }

    func update(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let id = try request.id(noun: "group")
        let input = try await FormInput.read(request)
        do {
            _ = try await groups.update(id, caller: caller) { draft in
                draft.name = input["name"]
                draft.description = input["description"]
            }
            return .redirect(to: "/groups")
        } catch let error as AppError where MachineFormPages.isFormError(error) {
            return try await page(caller, error: error, failedGroup: id)
        }
    }

    func delete(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let id = try request.id(noun: "group")
        do {
            try await groups.delete(id, caller: caller)
            return .redirect(to: "/groups")
        } catch let error as AppError where error.code == .conflict {
            return try await page(caller, error: error, failedGroup: id)
        }
    }

    private func page(_ caller: Caller, typed: [String: String] = [:], error: AppError? = nil,
                      failedGroup: Int64? = nil) async throws -> Response {
        let visible = try await groups.list(caller: caller)
        let principal = caller.principal
        let rows = Self.rows(visible, principal: principal, failedGroup: failedGroup, error: error)
        var parents: [[String: Any]] = principal.decide(.administer).isAllowed ? [["value": "", "label": "(top level)", "selected": false]] : []
        parents += PageContext.options(visible.filter { principal.decide(.manage, in: $0.id).isAllowed }.map { ($0.id, $0.name) },
                                       selected: Int64(typed["parentID"] ?? ""))
        var values: [String: Any] = failedGroup == nil ? (error.map(PageContext.formErrors) ?? [:]) : [:]
        values["rows"] = rows
        values["isEmpty"] = rows.isEmpty
        values["parentOptions"] = parents
        values["canCreate"] = !parents.isEmpty
        values["typed"] = typed
        let status: Status = error.map { $0.code == .conflict ? .conflict : .unprocessableContent } ?? .ok
        return .html(templates.render(.groups, PageContext.make(title: "Groups", path: "/groups", caller: caller, values)), status: status)
    }

    /// The tree depth first, each group under its parent; a group whose parent is hidden is a root.
    private static func rows(_ visible: [ProductGroup], principal: Principal, failedGroup: Int64?,
                             error: AppError?) -> [[String: Any]] {
        let visibleIDs = Set(visible.map(\.id))
        var rows: [[String: Any]] = []
        func walk(_ siblings: [ProductGroup], depth: Int) {
            for group in siblings {
                let placing = group.parentID.map { principal.decide(.manage, in: $0) } ?? principal.decide(.administer)
                var row: [String: Any] = [
                    "id": String(group.id), "name": group.name, "description": group.description, "depth": depth,
                    "canManage": principal.decide(.manage, in: group.id).isAllowed, "canDelete": placing.isAllowed,
                ]
                if group.id == failedGroup, let error { row["rowError"] = error.message }
                rows.append(row)
                walk(visible.filter { $0.parentID == group.id }, depth: depth + 1)
            }
        }
        walk(visible.filter { $0.parentID.map { !visibleIDs.contains($0) } ?? true }, depth: 0)
        return rows
    }
}
