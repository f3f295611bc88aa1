import Core
import Foundation
import HTTP

/// The add and edit forms of a machine and the delete button: `GET /machines/new`, `POST /machines`,
/// `GET /machines/{id}/edit`, `POST /machines/{id}`, `POST /machines/{id}/delete`.
///
/// A refused form is shown again (422) with what was typed and the message next to its field.
struct MachineFormPages: Sendable {
    let templates: Templates
    let machines: MachineOperations
    let groups: GroupOperations
    let environments: EnvironmentOperations

    func new(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let groupID = request.query("group").flatMap { Int64($0) }
        return try await form(caller, machine: nil, typed: ["groupID": groupID.map { String($0) } ?? ""])
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let input = try await FormInput.read(request)
        do {
            let draft = try Self.draft(from: input)
            let machine = try await machines.create(draft, caller: caller)
            return .redirect(to: "/machines/\(machine.id)")
        } catch let error as AppError where Self.isFormError(error) {
            return try await form(caller, machine: nil, typed: input.typed, error: error)
        }
    }

    func edit(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let machine = try await machines.machine(try request.id(noun: "machine"), caller: caller)
        try caller.principal.require(.manage, in: machine.groupID)
        return try await form(caller, machine: machine, typed: Self.typed(machine))
    }

    func update(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let id = try request.id(noun: "machine")
        let machine = try await machines.machine(id, caller: caller)
        let input = try await FormInput.read(request)
        do {
            let draft = try Self.draft(from: input)
            let state = Machine.State(rawValue: input["state"]) ?? machine.state
            _ = try await machines.update(id, caller: caller) { current, currentState in
                current = draft
                currentState = state
            }
            return .redirect(to: "/machines/\(id)")
        } catch let error as AppError where Self.isFormError(error) {
            return try await form(caller, machine: machine, typed: input.typed, error: error)
        }
    }

    func delete(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        try await machines.delete(try request.id(noun: "machine"), caller: caller)
        return .redirect(to: "/machines")
    }

    private func form(_ caller: Caller, machine: Machine?, typed: [String: String], error: AppError? = nil) async throws -> Response {
        let manageable = try await groups.list(caller: caller).filter { caller.principal.decide(.manage, in: $0.id).isAllowed }
        let environments = try await environments.list()
        var values: [String: Any] = error.map(PageContext.formErrors) ?? [:]
        values["typed"] = typed
        values["groupOptions"] = PageContext.options(manageable.map { ($0.id, $0.name) }, selected: Int64(typed["groupID"] ?? ""))
        values["environmentOptions"] = PageContext.options(environments.map { ($0.id, $0.name) },
                                                           selected: Int64(typed["environmentID"] ?? ""))
        values["action"] = machine.map { "/machines/\($0.id)" } ?? "/machines"
        values["isEdit"] = machine != nil
        if machine != nil {
            values["stateOptions"] = Machine.State.allCases.map { state in
                ["value": state.rawValue, "label": state.rawValue, "selected": state.rawValue == typed["state"]] as [String: Any]
            }
        }
        let title = machine.map { "Edit \($0.hostname)" } ?? "Add a machine"
        let html = templates.render(.machineForm, PageContext.make(title: title, path: "/machines", caller: caller, values))
        return .html(html, status: error == nil ? .ok : .unprocessableContent)
    }

    /// Errors about what was typed, shown on the form; permission errors answer as errors.
    static func isFormError(_ error: AppError) -> Bool {
        error.code == .invalid || error.code == .conflict || error.field != nil
    }

    /// The draft a form describes; labels are `key=value` lines.
    static func draft(from input: FormInput) throws(AppError) -> MachineDraft {
        var labels: [String: String] = [:]
        for line in input["labels"].split(whereSeparator: \.isNewline) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw AppError(.invalid, "labels must be key=value lines", field: "labels") }
            labels[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return MachineDraft(
            hostname: input["hostname"].trimmingCharacters(in: .whitespaces), address: input["address"],
            datacenter: input["datacenter"], os: input["os"], arch: input["arch"],
            groupID: try input.id("groupID", label: "group"), environmentID: try input.id("environmentID", label: "environment"),
            labels: labels)
    }

    private static func typed(_ machine: Machine) -> [String: String] {
        [
            "hostname": machine.hostname, "address": machine.address, "datacenter": machine.datacenter,
            "os": machine.os, "arch": machine.arch, "groupID": String(machine.groupID),
            "environmentID": String(machine.environmentID), "state": machine.state.rawValue,
            "labels": machine.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n"),
        ]
    }
}
