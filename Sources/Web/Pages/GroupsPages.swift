import Core
import Foundation
import HTTP

/// `GET /groups`: the tree of groups the caller can see, with forms to create, rename and delete;
/// `POST /groups`, `POST /groups/{id}`, `POST /groups/{id}/delete`. A refused form shows the page
/// again (422 or 409) with the message and what was typed.
///
/// `POST /groups/{id}` renames, re-describes and, when the form carries `parentID` (the group's
/// own page does; "" is the top level), moves the group; it answers with the group's page.
struct GroupsPages: Sendable {
    let templates: Templates
    let groups: GroupOperations
    let detail: GroupPage

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
            let parentID: Int64?? = input.contains("parentID") ? .some(Int64(input["parentID"])) : .none
            _ = try await groups.update(id, caller: caller) { draft in
                draft.name = input["name"].trimmingCharacters(in: .whitespaces)
                draft.description = input["description"]
                if let parentID { draft.parentID = parentID }
            }
            return .redirect(to: "/groups/\(id)")
        } catch let error as AppError where MachineFormPages.isFormError(error) {
            return try await detail.render(caller, id, GroupPage.Extras(typed: input.typed, error: error))
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
        return .html(templates.render(.groups, PageContext.make(title: "Groups", path: "/groups", caller: caller, values)),
                     status: PageContext.status(error))
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
