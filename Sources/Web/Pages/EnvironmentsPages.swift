import Core
import HTTP

/// `GET /environments`: every environment in promotion order; admins also get a form to add one and
/// delete buttons (`POST /environments`, `POST /environments/{id}/delete`).
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
            guard let rank = Int(input["rank"]) else { throw AppError(.invalid, "rank must be a whole number", field: "rank") }
            let draft = EnvironmentDraft(name: input["name"], rank: rank, isProtected: input.isChecked("isProtected"),
                                         needsApproval: input.isChecked("needsApproval"))
            _ = try await environments.create(draft, caller: caller)
            return .redirect(to: "/environments")
        } catch let error as AppError where MachineFormPages.isFormError(error) {
            return try await page(caller, typed: input.typed, error: error)
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
        let status: Status = error.map { $0.code == .conflict ? .conflict : .unprocessableContent } ?? .ok
        return .html(templates.render(.environments, PageContext.make(title: "Environments", path: "/environments", caller: caller, values)),
                     status: status)
    }
}
