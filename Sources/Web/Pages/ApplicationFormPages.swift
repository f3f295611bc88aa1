import Core
import Foundation
import HTTP

/// The edit form of an application and its deletion: `GET /applications/{name}/edit`,
/// `POST /applications/{name}`, `GET /applications/{name}/delete` (a confirmation page) and
/// `POST /applications/{name}/delete`.
///
/// A refused form is shown again (422, or 409 for a taken name) with what was typed and the message
/// next to its field; a refused delete (a release in progress, packages kept for history) shows the
/// confirmation page again with the reason (409).
struct ApplicationFormPages: Sendable {
    let templates: Templates
    let applications: ApplicationOperations
    let groups: GroupOperations

    func edit(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let application = try await managed(request, caller)
        return try await form(caller, application, typed: ApplicationForm.typed(application.draft))
    }

    func update(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let application = try await managed(request, caller)
        let input = try await FormInput.read(request)
        do {
            let draft = try ApplicationForm.draft(from: input)
            let updated = try await applications.update(named: application.name, caller: caller) { $0 = draft }
            return .redirect(to: "/applications/\(updated.name)")
        } catch let error as AppError where MachineFormPages.isFormError(error) {
            return try await form(caller, application, typed: input.typed, error: error)
        }
    }

    func confirmDelete(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        return confirmation(caller, try await managed(request, caller))
    }

    func delete(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let application = try await managed(request, caller)
        do {
            try await applications.delete(named: application.name, caller: caller)
            return .redirect(to: "/applications")
        } catch let error as AppError where error.code == .conflict {
            return confirmation(caller, application, error: error)
        }
    }

    /// The application named in the path, when the caller may manage it (403 or 404 otherwise).
    private func managed(_ request: Request, _ caller: Caller) async throws -> Application {
        let application = try await applications.application(named: request.parameters["name"] ?? "", caller: caller)
        try caller.principal.require(.manage, in: application.groupID)
        return application
    }

    private func form(_ caller: Caller, _ application: Application, typed: [String: String], error: AppError? = nil) async throws -> Response {
        let manageable = try await groups.list(caller: caller).filter { caller.principal.decide(.manage, in: $0.id).isAllowed }
        var values: [String: Any] = error.map(ApplicationForm.errors) ?? [:]
        values.merge(ApplicationForm.choices(typed)) { $1 }
        values["groupOptions"] = PageContext.options(manageable.map { ($0.id, $0.name) }, selected: Int64(typed["groupID"] ?? ""))
        values["typed"] = typed
        values["applicationName"] = application.name
        let context = PageContext.make(title: "Edit \(application.name)", path: "/applications", caller: caller, values)
        return .html(templates.render(.applicationEdit, context), status: PageContext.status(error))
    }

    private func confirmation(_ caller: Caller, _ application: Application, error: AppError? = nil) -> Response {
        var values: [String: Any] = error.map(PageContext.errors) ?? [:]
        values["applicationName"] = application.name
        let context = PageContext.make(title: "Delete \(application.name)", path: "/applications", caller: caller, values)
        return .html(templates.render(.applicationDelete, context), status: error == nil ? .ok : .conflict)
    }
}
