import Core
import Foundation
import Storage

/// Every read and change of machines that the API and the pages share: the permission check, the
/// write and its audit row, in one transaction.
///
/// A machine in a group the caller cannot see answers exactly like one that does not exist.
struct MachineOperations: Sendable {
    let store: Store
    let now: @Sendable () -> Date
    var liveness = Liveness()

    /// One page of the list; `query.visibleGroupIDs` must already hold the caller's visible groups.
    func list(_ query: MachineQuery) async throws -> MachinePage {
        try await store.read { db in try db.machines(matching: query) }
    }

    /// How many machines the query's filters match, and how many of them are online; the query's
    /// sort, limit and cursor do not matter. One COUNT statement, however large the fleet.
    func counts(_ query: MachineQuery) async throws -> MachineCounts {
        let (total, online) = try await store.read { db in try db.machineCounts(matching: query) }
        return MachineCounts(total: total, online: online)
    }

    func machine(_ id: Int64, caller: Caller) async throws -> Machine {
        try await store.read { db in try Self.check(db.machine(id: id), .view, caller) }
    }

    /// A machine's history, newest first.
    func events(_ id: Int64, caller: Caller, limit: Int = 100) async throws -> [MachineEvent] {
        try await store.read { db in
            _ = try Self.check(db.machine(id: id), .view, caller)
            return try db.machineEvents(machineID: id, limit: limit)
        }
    }

    /// A machine's jobs, newest first.
    func jobs(_ id: Int64, caller: Caller, limit: Int = 50) async throws -> [Job] {
        try await store.read { db in
            _ = try Self.check(db.machine(id: id), .view, caller)
            return try db.jobs(machineID: id, limit: limit)
        }
    }

    /// Adds a machine by hand; needs `manage` in its group.
    func create(_ draft: MachineDraft, caller: Caller) async throws -> Machine {
        let now = now()
        return try await store.write { db in
            try caller.principal.require(.manage, in: draft.groupID,
                                         orNotFound: AppError(.notFound, "no group with id \(draft.groupID)", field: "groupID"))
            let machine = try db.createMachine(draft, now: now)
            try db.appendAudit(caller.auditEntry(at: now, action: "machine.create", targetType: "machine", targetID: String(machine.id), detail: [
                "hostname": .string(machine.hostname), "groupID": .int(machine.groupID),
                "environmentID": .int(machine.environmentID),
            ]))
            return machine
        }
    }

    /// Edits a machine: `edit` changes the draft and the state. Needs `manage` in its group, and in
    /// the new group too when it moves.
    func update(_ id: Int64, caller: Caller,
                _ edit: @escaping @Sendable (inout MachineDraft, inout Machine.State) throws -> Void) async throws -> Machine {
        let now = now()
        return try await store.write { db in
            let before = try Self.check(db.machine(id: id), .manage, caller)
            var draft = MachineDraft(before)
            var state = before.state
            try edit(&draft, &state)
            if draft.groupID != before.groupID {
                try caller.principal.require(.manage, in: draft.groupID,
                                             orNotFound: AppError(.notFound, "no group with id \(draft.groupID)", field: "groupID"))
            }
            _ = try db.updateMachine(id: id, draft, now: now)
            let after = try db.setMachineState(id: id, to: state, now: now)
            let changed = Self.changedFields(before, after)
            if !changed.isEmpty {
                try db.appendAudit(caller.auditEntry(at: now, action: "machine.update", targetType: "machine", targetID: String(id),
                                                     detail: ["changed": .array(changed.map(JSONValue.string))]))
            }
            return after
        }
    }

    /// Deletes a machine that never ran jobs; needs `manage` in its group.
    func delete(_ id: Int64, caller: Caller) async throws {
        let now = now()
        try await store.write { db in
            let machine = try Self.check(db.machine(id: id), .manage, caller)
            try db.deleteMachine(id: id)
            try db.appendAudit(caller.auditEntry(at: now, action: "machine.delete", targetType: "machine", targetID: String(id),
                                                 detail: ["hostname": .string(machine.hostname)]))
        }
    }

    /// The machine when the caller may do `action` to it; hidden answers as Storage's own "no machine".
    private static func check(_ machine: Machine, _ action: Action, _ caller: Caller) throws(AppError) -> Machine {
        try caller.principal.require(action, in: machine.groupID,
                                     orNotFound: AppError(.notFound, "no machine with id \(machine.id)"))
        return machine
    }

    /// The names of the fields an edit changed, for the audit row (values may be long; names suffice).
    private static func changedFields(_ before: Machine, _ after: Machine) -> [String] {
        let fields: [(String, (Machine) -> AnyHashable)] = [
            ("hostname", \.hostname), ("address", \.address), ("datacenter", \.datacenter), ("os", \.os),
            ("arch", \.arch), ("groupID", \.groupID), ("environmentID", \.environmentID), ("labels", \.labels),
            ("state", \.state),
        ]
        return fields.filter { $0.1(before) != $0.1(after) }.map(\.0)
    }
}

extension MachineDraft {
    /// The hand-entered fields of an existing machine, to edit.
    init(_ machine: Machine) {
        self.init(hostname: machine.hostname, address: machine.address, datacenter: machine.datacenter,
                  os: machine.os, arch: machine.arch, groupID: machine.groupID,
                  environmentID: machine.environmentID, labels: machine.labels)
    }
}
