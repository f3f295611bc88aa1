import Core
import Foundation
import GRDB
import Testing
@testable import Storage

struct MachineStorageTests {
    let store: Store
    let now = Date(millisecondsSince1970: 1_700_000_000_000)
    let ids: (group: Int64, other: Int64, environment: Int64)

    init() throws {
        store = try .temporary()
        ids = try store.write { db in
            try (db.createGroup(GroupDraft(name: "payments")).id, db.createGroup(GroupDraft(name: "search")).id,
                 db.createEnvironment(EnvironmentDraft(name: "staging", rank: 2)).id)
        }
    }

    func draft(_ hostname: String = "web-01") -> MachineDraft {
        MachineDraft(hostname: hostname, address: "10.0.0.1", datacenter: "fra1", os: "debian", groupID: ids.group,
                     environmentID: ids.environment, labels: ["role": "web"])
    }

    @Test("adds a machine by hand, pending, with its fields and a history entry")
    func create() throws {
        try store.write { db in
            let machine = try db.createMachine(draft(), now: now)
            #expect(machine.state == .pending && machine.labels == ["role": "web"] && machine.createdAt == now)
            #expect(try db.machine(id: machine.id) == machine)
            #expect(try db.machineEvents(machineID: machine.id).map(\.kind) == [.created])
        }
    }

    @Test("refuses bad input and unknown groups or environments, naming the field")
    func badInput() throws {
        try store.write { db in
            var bad = draft("-bad-")
            #expect(throws: AppError.self) { try db.createMachine(bad, now: now) }
            bad = draft()
            bad.groupID = 99
            #expect(throws: AppError(.notFound, "no group with id 99", field: "groupID")) { try db.createMachine(bad, now: now) }
            bad = draft()
            bad.environmentID = 99
            #expect(throws: AppError(.notFound, "no environment with id 99", field: "environmentID")) {
                try db.createMachine(bad, now: now)
            }
        }
    }

    @Test("edits, moves and changes state, each recorded in the history")
    func history() throws {
        try store.write { db in
            let machine = try db.createMachine(draft(), now: now)
            var edited = draft()
            edited.labels["rack"] = "r12"
            _ = try db.updateMachine(id: machine.id, edited, now: now.addingTimeInterval(1))
            let moved = try db.moveMachine(id: machine.id, toGroup: ids.other, now: now.addingTimeInterval(2))
            #expect(moved.groupID == ids.other && moved.labels["rack"] == "r12")
            #expect(try db.setMachineState(id: machine.id, to: .disabled, now: now.addingTimeInterval(3)).state == .disabled)
            let events = try db.machineEvents(machineID: machine.id)
            #expect(events.map(\.kind) == [.stateChanged, .moved, .updated, .created])
            #expect(events[0].detail == ["from": "pending", "to": "disabled"])
            #expect(events[1].detail == ["from": .int(ids.group), "to": .int(ids.other)])
        }
    }

    @Test("deletes a machine; unknown ids are not found; one that ran jobs is a conflict")
    func deletion() throws {
        try store.write { db in
            let machine = try db.createMachine(draft(), now: now)
            try db.deleteMachine(id: machine.id)
            #expect(throws: AppError(.notFound, "no machine with id \(machine.id)")) { try db.machine(id: machine.id) }
            #expect(throws: AppError.self) { try db.deleteMachine(id: machine.id) }

            let busy = try db.createMachine(draft(), now: now)
            let userID = try makeUser(db)
            let applicationID = try makeApplication(db, groupID: ids.group)
            let packageID = try makePackage(db, applicationID: applicationID, createdBy: userID)
            let releaseID = try makeRelease(db, applicationID: applicationID, packageID: packageID,
                                            environmentID: ids.environment, requestedBy: userID)
            try db.execute(sql: "INSERT INTO job (releaseID, machineID, batch, action, state) VALUES (?, ?, 0, 'deploy', 'done')",
                           arguments: [releaseID, busy.id])
            #expect(throws: AppError(.conflict, "the machine has run jobs and stays for history; disable it instead")) {
                try db.deleteMachine(id: busy.id)
            }
        }
    }
}
