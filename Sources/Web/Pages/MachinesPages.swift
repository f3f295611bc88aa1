import Core
import Foundation
import HTTP

/// `GET /machines` (the filtered, sorted, paged list) and `GET /machines/{id}` (facts, labels, history).
///
/// Filters and sort are query parameters (`MachineListParameters`), so every view is a link; pages
/// continue by cursor, one page of rows at a time, never more than `maxRows` whatever `limit` says,
/// under totals for the whole selection from one COUNT statement.
struct MachinesPages: Sendable {
    /// The most rows one page renders: the API may ask for 500, a browser page stays small.
    static let maxRows = 100

    let templates: Templates
    let machines: MachineOperations
    let groups: GroupOperations
    let environments: EnvironmentOperations

    func list(_ request: Request) async throws -> Response {
        let started = ContinuousClock.now
        let caller = try request.caller()
        let now = machines.now()
        let visibleGroups = try await groups.list(caller: caller)
        let allEnvironments = try await environments.list()
        var values = MachineListFilters(request).context(groups: visibleGroups, environments: allEnvironments)
        var status = Status.ok
        do {
            var query = try MachineListParameters.query(from: request, principal: caller.principal, now: now, offlineAfter: machines.liveness.offlineAfter)
            query.limit = min(query.limit, Self.maxRows)
            let page = try await machines.list(query)
            let counts = try await machines.counts(query)
            values["counts"] = ["total": counts.total, "online": counts.online, "offline": counts.offline]
            let names = MachineNames(groups: visibleGroups, environments: allEnvironments)
            values["rows"] = page.machines.map { names.row($0, now: now, offlineAfter: machines.liveness.offlineAfter) }
            values["isEmpty"] = page.machines.isEmpty
            if let cursor = page.nextCursor { values["nextLink"] = MachineListFilters(request).link(cursor: cursor.text) }
            if query.cursor != nil { values["firstLink"] = MachineListFilters(request).link(cursor: nil) }
        } catch let error as AppError where error.code == .invalid {
            values["error"] = error.message
            values["isEmpty"] = true
            status = .unprocessableContent
        }
        values["canAdd"] = visibleGroups.contains { caller.principal.decide(.manage, in: $0.id).isAllowed }
        values["hasFilters"] = MachineListParameters.names.contains { !(request.query($0) ?? "").isEmpty && $0 != "sort" && $0 != "cursor" }
        let html = templates.render(.machines, PageContext.make(title: "Machines", path: "/machines", caller: caller, values))
        return ServerTiming.add(since: started, to: .html(html, status: status))
    }

    func show(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let id = try request.id(noun: "machine")
        let machine = try await machines.machine(id, caller: caller)
        let events = try await machines.events(id, caller: caller, limit: 50)
        let names = MachineNames(groups: try await groups.list(caller: caller), environments: try await environments.list())
        var values = names.row(machine, now: machines.now(), offlineAfter: machines.liveness.offlineAfter)
        values["os"] = machine.os
        values["arch"] = machine.arch
        values["agentVersion"] = machine.agentVersion ?? "not enrolled"
        values["labels"] = machine.labels.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] }
        values["facts"] = machine.facts.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": Self.factText($0.key, $0.value)] }
        values["hasFacts"] = !machine.facts.isEmpty
        values["events"] = events.map { event in
            ["at": RFC3339.string(event.at), "kind": event.kind.rawValue,
             "detail": event.detail.isEmpty ? "" : JSONValue.object(event.detail).canonicalText]
        }
        values["jobs"] = try await machines.jobs(id, caller: caller, limit: 20).map { job in
            ["id": String(job.id), "action": job.action.rawValue, "version": job.spec.version, "application": job.spec.application.name,
             "state": job.state.rawValue, "message": job.message ?? "", "finishedAt": job.finishedAt.map(RFC3339.string) ?? ""]
        }
        values["hasJobs"] = !((values["jobs"] as? [Any])?.isEmpty ?? true)
        let isOnline = machine.isOnline(now: machines.now(), threshold: machines.liveness.offlineAfter)
        values["connectivity"] = isOnline ? "online" : (machine.lastSeenAt == nil ? "never seen" : "offline")
        values["canManage"] = caller.principal.decide(.manage, in: machine.groupID).isAllowed
        return .html(templates.render(.machine, PageContext.make(title: machine.hostname, path: "/machines", caller: caller, values)))
    }
}

extension MachinesPages {
    static let byteFacts: Set<String> = ["memoryTotal", "memoryAvailable", "diskTotal", "diskFree"]

    private static func uptimeText(_ seconds: Double) -> String {
        let hours = Int(seconds) / 3600
        return hours >= 24 ? "\(hours / 24) d \(hours % 24) h" : "\(hours) h \(Int(seconds) % 3600 / 60) min"
    }

    /// A fact as people read it: sizes in KiB…TiB, uptime in days and hours, strings without quotes.
    static func factText(_ key: String, _ value: JSONValue) -> String {
        switch value {
        case .int(let bytes) where byteFacts.contains(key):
            return binarySize(bytes)
        case .int(let seconds) where key == "uptime":
            return uptimeText(Double(seconds))
        case .double(let seconds) where key == "uptime":
            return uptimeText(seconds)
        case .string(let text):
            return text
        default:
            return value.canonicalText
        }
    }

    /// `23.5 GiB` (Foundation's formatter says "GB" for binary units on Linux).
    static func binarySize(_ bytes: Int64) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]
        guard bytes >= 1024 else { return "\(bytes) bytes" }
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return String(format: "%.1f %@", value, units[unit])
    }
}

/// Group and environment names by id, for the rows of machine pages.
struct MachineNames {
    let groups: [Int64: String]
    let environments: [Int64: String]

    init(groups: [ProductGroup], environments: [Environment]) {
        self.groups = Dictionary(uniqueKeysWithValues: groups.map { ($0.id, $0.name) })
        self.environments = Dictionary(uniqueKeysWithValues: environments.map { ($0.id, $0.name) })
    }

    func row(_ machine: Machine, now: Date, offlineAfter: TimeInterval) -> [String: Any] {
        [
            "id": String(machine.id), "hostname": machine.hostname, "address": machine.address,
            "datacenter": machine.datacenter, "state": machine.state.rawValue,
            "group": groups[machine.groupID] ?? "group \(machine.groupID)",
            "environment": environments[machine.environmentID] ?? "environment \(machine.environmentID)",
            "isOnline": machine.isOnline(now: now, threshold: offlineAfter),
            "lastSeenAt": machine.lastSeenAt.map(RFC3339.string) ?? "never",
            "labelText": machine.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
        ]
    }
}
