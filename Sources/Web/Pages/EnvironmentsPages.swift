import Core
import Foundation
import HTTP

/// `GET /environments`: every environment in promotion order; admins also get a form to add one,
/// an edit form each (`GET /environments/{id}/edit`, `POST /environments/{id}`) and delete buttons
/// (`POST /environments`, `POST /environments/{id}/delete`). A refused form comes back (422, or 409
/// for a taken name or rank) with the message next to its field and what was typed.
struct EnvironmentsPages: Sendable {
    let templates: Templates
    let environments: EnvironmentOperations

    func show(_ request: Request) async throws -> Response {
        try await page(try request.caller())
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let input = try await FormInput.read(request)
        do {
            _ = try await environments.create(try Self.draft(from: input), caller: caller)
            return .redirect(to: "/environments")
        } catch let error as AppError where MachineFormPages.isFormError(error) {
            return try await page(caller, typed: input.typed, error: error)
        }
    }

    func edit(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        try caller.principal.require(.administer)
        let environment = try await environments.environment(try request.id(noun: "environment"))
        let typed = ["name": environment.name, "rank": String(environment.rank),
                     "isProtected": environment.isProtected ? "1" : "", "needsApproval": environment.needsApproval ? "1" : ""]
        return editForm(caller, environment, typed: typed)
    }

    func update(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let id = try request.id(noun: "environment")
        let input = try await FormInput.read(request)
        do {
            let draft = try Self.draft(from: input)
            _ = try await environments.update(id, caller: caller) { $0 = draft }
            return .redirect(to: "/environments")
        } catch let error as AppError where MachineFormPages.isFormError(error) {
            return editForm(caller, try await environments.environment(id), typed: input.typed, error: error)
        }
    }

    func delete(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        do {
            try await environments.delete(try request.id(noun: "environment"), caller: caller)
            return .redirect(to: "/environments")
        } catch let error as AppError where error.code == .conflict {
            return try await page(caller, error: error)
        }
    }

    /// The draft a form describes: the new form and the edit form have the same fields.
    private static func draft(from input: FormInput) throws(AppError) -> EnvironmentDraft {
        guard let rank = Int(input["rank"].trimmingCharacters(in: .whitespaces)) else {
            throw AppError(.invalid, "rank must be a whole number", field: "rank")
        }
        return EnvironmentDraft(name: input["name"].trimmingCharacters(in: .whitespaces), rank: rank,
                                isProtected: input.isChecked("isProtected"), needsApproval: input.isChecked("needsApproval"))
    }

    private func editForm(_ caller: Caller, _ environment: Environment, typed: [String: String], error: AppError? = nil) -> Response {
        var values: [String: Any] = error.map(PageContext.formErrors) ?? [:]
        values["typed"] = typed
        values["environmentID"] = String(environment.id)
        values["environmentName"] = environment.name
        let context = PageContext.make(title: "Edit \(environment.name)", path: "/environments", caller: caller, values)
        return .html(templates.render(.environmentEdit, context), status: PageContext.status(error))
    }

    private func page(_ caller: Caller, typed: [String: String] = [:], error: AppError? = nil) async throws -> Response {
        let all = try await environments.list()
        var values: [String: Any] = error.map(PageContext.formErrors) ?? [:]
        values["rows"] = all.map { environment in
            ["id": String(environment.id), "name": environment.name, "rank": environment.rank,
             "isProtected": environment.isProtected, "needsApproval": environment.needsApproval] as [String: Any]
        }
        values["isEmpty"] = all.isEmpty
        values["canAdminister"] = caller.principal.decide(.administer).isAllowed
        values["typed"] = typed
        return .html(templates.render(.environments, PageContext.make(title: "Environments", path: "/environments", caller: caller, values)),
                     status: PageContext.status(error))
    }
}
