import Core
import Foundation
import Storage

/// Reads and changes of environments, shared by the API and the pages: anyone signed in may list
/// them (every machine names one); creating, editing and deleting need `administer`.
struct EnvironmentOperations: Sendable {
    let store: Store
    let now: @Sendable () -> Date

    /// The environments where `groupID` has an active machine: where its releases go, and where
    /// the promotion gate looks.
    func used(byGroup groupID: Int64) async throws -> Set<Int64> {
        try await store.read { db in try db.environmentIDsWithTargets(groupID: groupID) }
    }

    func list() async throws -> [Environment] {
        try await store.read { db in try db.environments() }
    }

    func environment(_ id: Int64) async throws -> Environment {
        try await store.read { db in try db.environment(id: id) }
    }

    func create(_ draft: EnvironmentDraft, caller: Caller) async throws -> Environment {
        try caller.principal.require(.administer)
        let now = now()
        return try await store.write { db in
            let environment = try db.createEnvironment(draft)
            try db.appendAudit(caller.auditEntry(at: now, action: "environment.create", targetType: "environment", targetID: String(environment.id),
                                                 detail: Self.detail(environment)))
            return environment
        }
    }

    /// Edits an environment; `edit` changes its current fields.
    func update(_ id: Int64, caller: Caller,
                _ edit: @escaping @Sendable (inout EnvironmentDraft) -> Void) async throws -> Environment {
        try caller.principal.require(.administer)
        let now = now()
        return try await store.write { db in
            let current = try db.environment(id: id)
            var draft = EnvironmentDraft(name: current.name, rank: current.rank, isProtected: current.isProtected,
                                         needsApproval: current.needsApproval)
            edit(&draft)
            let environment = try db.updateEnvironment(id: id, draft)
            try db.appendAudit(caller.auditEntry(at: now, action: "environment.update", targetType: "environment", targetID: String(id),
                                                 detail: Self.detail(environment)))
            return environment
        }
    }

    /// Deletes an environment no machine or release refers to (409 otherwise).
    func delete(_ id: Int64, caller: Caller) async throws {
        try caller.principal.require(.administer)
        let now = now()
        try await store.write { db in
            let environment = try db.environment(id: id)
            try db.deleteEnvironment(id: id)
            try db.appendAudit(caller.auditEntry(at: now, action: "environment.delete", targetType: "environment", targetID: String(id),
                                                 detail: ["name": .string(environment.name)]))
        }
    }

    private static func detail(_ environment: Environment) -> [String: JSONValue] {
        ["name": .string(environment.name), "rank": .int(Int64(environment.rank)),
         "isProtected": .bool(environment.isProtected), "needsApproval": .bool(environment.needsApproval)]
    }
}
