import Core
import Foundation
import GRDB
import Testing
@testable import Storage

struct GroupStorageTests {
    let store: Store
    init() throws { store = try .temporary() }

    @Test("creates, nests, renames and lists groups; names are unique across the tree")
    func crud() throws {
        try store.write { db in
            let platform = try db.createGroup(GroupDraft(name: "platform"))
            let payments = try db.createGroup(GroupDraft(name: "payments", parentID: platform.id, description: "money"))
            #expect(try db.group(id: payments.id) == payments)
            #expect(try db.group(named: "PAYMENTS")?.id == payments.id)
            #expect(throws: AppError(.conflict, "a group named Payments already exists", field: "name")) {
                try db.createGroup(GroupDraft(name: "Payments"))
            }
            #expect(throws: AppError(.notFound, "no group with id 99", field: "parentID")) {
                try db.createGroup(GroupDraft(name: "x", parentID: 99))
            }
            let renamed = try db.updateGroup(id: payments.id, GroupDraft(name: "billing", parentID: platform.id))
            #expect(renamed.name == "billing" && renamed.description == "")
            #expect(try db.groups().map(\.name) == ["billing", "platform"])
            #expect(try db.groupTree().descendants(of: platform.id) == [payments.id])
        }
    }

    @Test("a move that would make a cycle is refused")
    func cycles() throws {
        try store.write { db in
            let a = try db.createGroup(GroupDraft(name: "a"))
            let b = try db.createGroup(GroupDraft(name: "b", parentID: a.id))
            let c = try db.createGroup(GroupDraft(name: "c", parentID: b.id))
            let cycle = AppError(.conflict, "a group cannot be moved under itself or its own subgroup", field: "parentID")
            #expect(throws: cycle) { try db.moveGroup(id: a.id, under: c.id) }
            #expect(throws: cycle) { try db.moveGroup(id: a.id, under: a.id) }
            #expect(try db.moveGroup(id: c.id, under: nil).parentID == nil)
            #expect(try db.moveGroup(id: a.id, under: c.id).parentID == c.id)
        }
    }

    @Test("a group is deleted only once it holds no machines, applications or subgroups")
    func deletion() throws {
        try store.write { db in
            let parent = try db.createGroup(GroupDraft(name: "parent"))
            let child = try db.createGroup(GroupDraft(name: "child", parentID: parent.id))
            let environment = try db.createEnvironment(EnvironmentDraft(name: "test", rank: 1))
            let machine = try db.createMachine(
                MachineDraft(hostname: "web-01", groupID: child.id, environmentID: environment.id), now: Date())
            try makeApplication(db, groupID: child.id)
            #expect(throws: AppError(.conflict, "the group still holds 1 subgroups")) { try db.deleteGroup(id: parent.id) }
            #expect(throws: AppError(.conflict, "the group still holds 1 machines, 1 applications")) {
                try db.deleteGroup(id: child.id)
            }
            try db.deleteMachine(id: machine.id)
            try db.execute(sql: "DELETE FROM application")
            try db.deleteGroup(id: child.id)
            try db.deleteGroup(id: parent.id)
            #expect(try db.groups().isEmpty)
            #expect(throws: AppError(.notFound, "no group with id \(parent.id)")) { try db.deleteGroup(id: parent.id) }
        }
    }

    @Test("environments list by rank; a taken name or rank is a conflict naming the field")
    func environments() throws {
        try store.write { db in
            let production = try db.createEnvironment(EnvironmentDraft(name: "production", rank: 3, isProtected: true))
            let test = try db.createEnvironment(EnvironmentDraft(name: "test", rank: 1))
            #expect(try db.environments().map(\.name) == ["test", "production"])
            #expect(throws: AppError(.conflict, "an environment named Test already exists", field: "name")) {
                try db.createEnvironment(EnvironmentDraft(name: "Test", rank: 2))
            }
            #expect(throws: AppError(.conflict, "another environment has rank 3", field: "rank")) {
                try db.updateEnvironment(id: test.id, EnvironmentDraft(name: "test", rank: 3))
            }
            let staging = try db.updateEnvironment(id: test.id, EnvironmentDraft(name: "staging", rank: 2, needsApproval: true))
            #expect(staging.needsApproval && staging.name == "staging")
            #expect(production.isProtected)
            #expect(throws: AppError(.notFound, "no environment with id 99")) { try db.environment(id: 99) }
            try db.deleteEnvironment(id: staging.id)
            #expect(try db.environments().count == 1)
        }
    }
}
