import Core
import Foundation
import GRDB
import Testing
@testable import Storage

struct ApplicationStorageTests {
    let store: Store
    let ids: (group: Int64, other: Int64)

    init() throws {
        store = try .temporary()
        ids = try store.write { db in
            try (db.createGroup(GroupDraft(name: "payments")).id, db.createGroup(GroupDraft(name: "search")).id)
        }
    }

    func draft(_ name: String = "checkout", group: Int64? = nil) -> ApplicationDraft {
        ApplicationDraft(name: name, groupID: group ?? ids.group, runAs: "app", installRoot: "/srv", startCommand: "./start",
                         healthCheck: .tcp(port: 8080, timing: .init()),
                         defaultStrategy: ReleaseStrategy(batchSizes: [.count(1), .percent(100)], pause: .afterFirst))
    }

    @Test("creates, reads by id and by name, updates, deletes")
    func crud() throws {
        try store.write { db in
            let created = try db.createApplication(draft())
            #expect(created.draft == draft())
            #expect(try db.application(id: created.id) == created)
            #expect(try db.application(named: "checkout") == created)
            var edited = draft("checkout-v2", group: ids.other)
            edited.healthCheck = nil
            edited.keepReleases = 10
            let updated = try db.updateApplication(id: created.id, edited)
            #expect(updated.draft == edited && updated.id == created.id)
            #expect(try String.fetchOne(db, sql: "SELECT healthCheck FROM application") == nil)
            try db.deleteApplication(id: created.id)
            #expect(throws: AppError(.notFound, "no application named checkout-v2")) { try db.application(named: "checkout-v2") }
            #expect(throws: AppError(.notFound, "no application with id \(created.id)")) { try db.deleteApplication(id: created.id) }
        }
    }

    @Test("a taken name is a conflict on the name field; an unknown group is not found on groupID")
    func conflicts() throws {
        try store.write { db in
            let first = try db.createApplication(draft())
            let other = try db.createApplication(draft("search-api", group: ids.other))
            let taken = AppError(.conflict, "an application named checkout already exists", field: "name")
            #expect(throws: taken) { try db.createApplication(draft(group: ids.other)) }
            #expect(throws: taken) { try db.updateApplication(id: other.id, draft()) }
            #expect(throws: AppError(.notFound, "no group with id 99", field: "groupID")) { try db.createApplication(draft("x", group: 99)) }
            var bad = draft("y")
            bad.installRoot = "/srv/../etc"
            #expect(throws: AppError.self) { try db.createApplication(bad) }
            #expect(try db.application(id: first.id) == first)
        }
    }

    @Test("lists by name within visible groups, a page at a time")
    func list() throws {
        try store.write { db in
            for (index, name) in ["e", "a", "d", "c", "b"].enumerated() {
                _ = try db.createApplication(draft(name, group: index % 2 == 0 ? ids.group : ids.other))
            }
            #expect(try db.applications(inGroups: nil).applications.map(\.name) == ["a", "b", "c", "d", "e"])
            #expect(try db.applications(inGroups: [ids.group]).applications.map(\.name) == ["b", "d", "e"])
            #expect(try db.applications(inGroups: []).applications.isEmpty)
            let first = try db.applications(inGroups: nil, limit: 2)
            #expect(first.applications.map(\.name) == ["a", "b"] && first.nextCursor == "b")
            let last = try db.applications(inGroups: nil, after: "d", limit: 2)
            #expect(last.applications.map(\.name) == ["e"] && last.nextCursor == nil)
        }
    }

    @Test("delete is refused while a release is unfinished, and while packages or releases remain")
    func deleteRefused() throws {
        try store.write { db in
            let application = try db.createApplication(draft())
            let user = try makeUser(db)
            let environment = try makeEnvironment(db)
            let package = try makePackage(db, applicationID: application.id, createdBy: user)
            #expect(throws: AppError(.conflict, "application checkout has packages or releases, which are kept for history")) {
                try db.deleteApplication(id: application.id)
            }
            let release = try makeRelease(db, applicationID: application.id, packageID: package, environmentID: environment, requestedBy: user)
            #expect(throws: AppError(.conflict, "application checkout has a release in progress; wait for it to finish or abort it")) {
                try db.deleteApplication(id: application.id)
            }
            try db.execute(sql: "UPDATE release SET finishedAt = 1 WHERE id = ?", arguments: [release])
            #expect(throws: AppError(.conflict, "application checkout has packages or releases, which are kept for history")) {
                try db.deleteApplication(id: application.id)
            }
            #expect(try db.application(id: application.id) == application)
        }
    }
}
