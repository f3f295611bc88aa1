import Core
import Foundation
import HTTP

/// `/api/v1/machines`: the filtered, paged list; its totals (`/machines/counts`, the same filters);
/// add by hand; show, edit, move, disable, delete; history.
///
/// The list and the counts say how long the handler took in a `Server-Timing` header (`app;dur=`
/// in milliseconds: the query and the JSON encoding), which `capstan-bench machines` reports.
///
/// Writes take JSON: `hostname`, `address`, `datacenter`, `os`, `arch`, `groupID`, `environmentID`,
/// `labels` (an object of strings) and, on PATCH, `state`. PATCH changes only the keys it carries.
struct MachinesAPI: Sendable {
    let machines: MachineOperations

    func list(_ request: Request) async throws -> Response {
        let started = ContinuousClock.now
        let caller = try request.caller()
        let now = machines.now()
        let query = try MachineListParameters.query(from: request, principal: caller.principal, now: now, offlineAfter: machines.liveness.offlineAfter)
        let page = try await machines.list(query)
        let body = JSONBody.encode(ListJSON(items: page.machines.map { MachineJSON($0, now: now, offlineAfter: machines.liveness.offlineAfter) }, nextCursor: page.nextCursor?.text))
        return ServerTiming.add(since: started, to: .json(body))
    }

    func counts(_ request: Request) async throws -> Response {
        let started = ContinuousClock.now
        let caller = try request.caller()
        let query = try MachineListParameters.query(from: request, principal: caller.principal, now: machines.now(), offlineAfter: machines.liveness.offlineAfter)
        let counts = try await machines.counts(query)
        let body = JSONBody.encode(["total": counts.total, "online": counts.online, "offline": counts.offline] as [String: Int])
        return ServerTiming.add(since: started, to: .json(body))
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let input = try await JSONInput.decode(Input.self, from: request)
        let draft = MachineDraft(
            hostname: try required(input.hostname, "hostname"), address: input.address ?? "",
            datacenter: input.datacenter ?? "", os: input.os ?? "", arch: input.arch ?? "",
            groupID: try required(input.groupID, "groupID").value,
            environmentID: try required(input.environmentID, "environmentID").value, labels: input.labels ?? [:])
        let machine = try await machines.create(draft, caller: caller)
        return .json(JSONBody.encode(MachineJSON(machine, now: machines.now(), offlineAfter: machines.liveness.offlineAfter)), status: .created)
    }

    func show(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let machine = try await machines.machine(try request.id(noun: "machine"), caller: caller)
        return .json(JSONBody.encode(MachineJSON(machine, now: machines.now(), offlineAfter: machines.liveness.offlineAfter)))
    }

    func update(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let id = try request.id(noun: "machine")
        let input = try await JSONInput.decode(Input.self, from: request)
        let machine = try await machines.update(id, caller: caller) { draft, state in
            try input.apply(to: &draft, &state)
        }
        return .json(JSONBody.encode(MachineJSON(machine, now: machines.now(), offlineAfter: machines.liveness.offlineAfter)))
    }

    func delete(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        try await machines.delete(try request.id(noun: "machine"), caller: caller)
        return Response(status: .noContent)
    }

    func events(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let events = try await machines.events(try request.id(noun: "machine"), caller: caller)
        return .json(JSONBody.encode(ListJSON(items: events.map(MachineEventJSON.init), nextCursor: nil)))
    }

    /// The body of POST and PATCH; every key optional so PATCH can carry only what changes.
    private struct Input: Decodable, Sendable {
        var hostname, address, datacenter, os, arch: String?
        var groupID, environmentID: WireID?
        var labels: [String: String]?
        var state: String?

        func apply(to draft: inout MachineDraft, _ machineState: inout Machine.State) throws(AppError) {
            if let hostname { draft.hostname = hostname }
            if let address { draft.address = address }
            if let datacenter { draft.datacenter = datacenter }
            if let os { draft.os = os }
            if let arch { draft.arch = arch }
            if let groupID { draft.groupID = groupID.value }
            if let environmentID { draft.environmentID = environmentID.value }
            if let labels { draft.labels = labels }
            if let state {
                guard let parsed = Machine.State(rawValue: state) else {
                    throw AppError(.invalid, "state must be one of pending, active, disabled", field: "state")
                }
                machineState = parsed
            }
        }
    }
}
