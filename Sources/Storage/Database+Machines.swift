import Core
import Foundation
import GRDB

extension Machine {
    init(row: Row) throws {
        self.init(
            id: row["id"], hostname: row["hostname"], address: row["address"], datacenter: row["datacenter"],
            os: row["os"], arch: row["arch"], groupID: row["groupID"], environmentID: row["environmentID"],
            labels: try row.json("labels"), state: Machine.State(rawValue: row["state"])!,
            lastSeenAt: row.optionalDate("lastSeenAt"), facts: try row.json("facts"),
            agentVersion: row["agentVersion"], createdAt: row.date("createdAt"))
    }
}

extension Database {
    /// Adds a machine by hand, `pending` until its agent enrolls or someone activates it.
    public func createMachine(_ draft: MachineDraft, now: Date) throws -> Machine {
        try checkMachineDraft(draft)
        try prepared("""
                INSERT INTO machine (hostname, address, datacenter, os, arch, groupID, environmentID, labels, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [draft.hostname, draft.address, draft.datacenter, draft.os, draft.arch, draft.groupID,
                        draft.environmentID, jsonText(draft.labels), now.millisecondsSince1970])
        let machine = try self.machine(id: lastInsertedRowID)
        try recordMachineEvent(machine.id, .created, at: now)
        return machine
    }

    public func machine(id: Int64) throws -> Machine {
        try Machine(row: row(in: "machine", id: id, noun: "machine"))
    }

    /// Edits a machine's hand-entered fields (moving it when the group changes), recording what changed.
    public func updateMachine(id: Int64, _ draft: MachineDraft, now: Date) throws -> Machine {
        let before = try machine(id: id)
        try checkMachineDraft(draft)
        try prepared("""
                UPDATE machine SET hostname = ?, address = ?, datacenter = ?, os = ?, arch = ?, groupID = ?,
                    environmentID = ?, labels = ? WHERE id = ?
                """).execute(arguments: [draft.hostname, draft.address, draft.datacenter, draft.os, draft.arch, draft.groupID,
                        draft.environmentID, jsonText(draft.labels), id])
        let after = try machine(id: id)
        if before.groupID != after.groupID {
            try recordMachineEvent(id, .moved, at: now, detail: ["from": .int(before.groupID), "to": .int(after.groupID)])
        }
        if Self.editableFields(before) != Self.editableFields(after) {
            try recordMachineEvent(id, .updated, at: now)
        }
        return after
    }

    /// Moves a machine to another group.
    public func moveMachine(id: Int64, toGroup groupID: Int64, now: Date) throws -> Machine {
        var draft = Self.draft(of: try machine(id: id))
        draft.groupID = groupID
        return try updateMachine(id: id, draft, now: now)
    }

    /// Changes a machine's state (activate, disable, back to pending), recording it in its history.
    public func setMachineState(id: Int64, to state: Machine.State, now: Date) throws -> Machine {
        let before = try machine(id: id)
        guard before.state != state else { return before }
        try prepared("UPDATE machine SET state = ? WHERE id = ?").execute(arguments: [state.rawValue, id])
        try recordMachineEvent(id, .stateChanged, at: now,
                               detail: ["from": .string(before.state.rawValue), "to": .string(state.rawValue)])
        return try machine(id: id)
    }

    /// Deletes a machine with its agent and history; one that ran jobs is a conflict (disable it).
    public func deleteMachine(id: Int64) throws {
        let hasJobs = AppError(.conflict, "the machine has run jobs and stays for history; disable it instead")
        try mappingForeignKeyViolations(to: hasJobs) {
            try prepared("DELETE FROM machine WHERE id = ?").execute(arguments: [id])
        }
        try requireChange(noun: "machine", id: id)
    }

    private func checkMachineDraft(_ draft: MachineDraft) throws {
        try draft.validate()
        try requireRow(in: "productGroup", id: draft.groupID, noun: "group", field: "groupID")
        try requireRow(in: "environment", id: draft.environmentID, noun: "environment", field: "environmentID")
    }

    private static func draft(of machine: Machine) -> MachineDraft {
        MachineDraft(
            hostname: machine.hostname, address: machine.address, datacenter: machine.datacenter, os: machine.os,
            arch: machine.arch, groupID: machine.groupID, environmentID: machine.environmentID, labels: machine.labels)
    }

    /// The fields an edit changes other than the group (a group change is recorded as a move).
    private static func editableFields(_ machine: Machine) -> MachineDraft {
        var draft = draft(of: machine)
        draft.groupID = 0
        return draft
    }
}
