import GRDB
import Testing
@testable import Storage

/// The constraints of migrations/0001-initial-schema.sql, exercised on a real file.
struct SchemaTests {
    let store: Store
    init() throws { store = try .temporary() }

    /// The SQLite result code of the error `body` throws, or nil if it did not throw a DatabaseError.
    private func failure(_ body: (Database) throws -> Void) -> ResultCode? {
        do {
            try store.write(body)
            return nil
        } catch let error as DatabaseError {
            return error.extendedResultCode
        } catch {
            return nil
        }
    }

    @Test("has every table of DESIGN.md's data model")
    func hasEveryTable() throws {
        let tables = [
            "user", "session", "apiToken", "productGroup", "membership", "environment", "machine", "agent",
            "enrollmentToken", "application", "package", "release", "job", "audit",
        ]
        let missing = try store.read { db in try tables.filter { try !db.tableExists($0) } }
        #expect(missing.isEmpty)
    }

    @Test("a membership role must be owner, deployer or viewer")
    func membershipRole() throws {
        let (groupID, userID) = try store.write { db in try (makeGroup(db), makeUser(db)) }
        let insert = "INSERT INTO membership (groupID, userID, role) VALUES (?, ?, ?)"
        #expect(failure { db in try db.execute(sql: insert, arguments: [groupID, userID, "superuser"]) }
            == .SQLITE_CONSTRAINT_CHECK)
        #expect(failure { db in try db.execute(sql: insert, arguments: [groupID, userID, "deployer"]) } == nil)
    }

    @Test("a package version is unique within its application only")
    func packageVersionIsUnique() throws {
        let ids = try store.write { db in
            let userID = try makeUser(db)
            let groupID = try makeGroup(db)
            return try (userID, makeApplication(db, name: "checkout", groupID: groupID),
                        makeApplication(db, name: "search", groupID: groupID))
        }
        try store.write { db in _ = try makePackage(db, applicationID: ids.1, version: "1.2.3", createdBy: ids.0) }
        #expect(failure { db in
            _ = try db.execute(
                sql: """
                    INSERT INTO package (applicationID, version, sha256, size, storagePath, createdBy, createdAt)
                    VALUES (?, '1.2.3', ?, 1, 'elsewhere', ?, 0)
                    """,
                arguments: [ids.1, String(repeating: "0", count: 64), ids.0])
        } == .SQLITE_CONSTRAINT_UNIQUE)
        #expect(failure { db in try makePackage(db, applicationID: ids.2, version: "1.2.3", createdBy: ids.0) } == nil)
    }

    @Test("a package's artifact never changes")
    func packageIsImmutable() throws {
        let packageID = try store.write { db in
            let userID = try makeUser(db)
            return try makePackage(db, applicationID: makeApplication(db, groupID: makeGroup(db)), createdBy: userID)
        }
        #expect(failure { db in
            try db.execute(sql: "UPDATE package SET sha256 = ? WHERE id = ?",
                           arguments: [String(repeating: "cd", count: 32), packageID])
        } == .SQLITE_CONSTRAINT_TRIGGER)
    }

    @Test("a group that still has a machine cannot be deleted; its memberships go with it")
    func groupDeletion() throws {
        let (groupID, machineID) = try store.write { db in
            let groupID = try makeGroup(db)
            try db.execute(sql: "INSERT INTO membership VALUES (?, ?, 'owner')", arguments: [groupID, makeUser(db)])
            return try (groupID, makeMachine(db, groupID: groupID, environmentID: makeEnvironment(db)))
        }
        let deleteGroup = "DELETE FROM productGroup WHERE id = ?"
        #expect(failure { db in try db.execute(sql: deleteGroup, arguments: [groupID]) }
            == .SQLITE_CONSTRAINT_FOREIGNKEY)

        try store.write { db in
            try db.execute(sql: "DELETE FROM machine WHERE id = ?", arguments: [machineID])
            try db.execute(sql: deleteGroup, arguments: [groupID])
        }
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM membership") } == 0)
    }

    @Test("machine state is pending, active or disabled")
    func machineState() throws {
        let ids = try store.write { db in try (makeGroup(db), makeEnvironment(db)) }
        #expect(failure { db in try makeMachine(db, groupID: ids.0, environmentID: ids.1, state: "gone") }
            == .SQLITE_CONSTRAINT_CHECK)
        #expect(failure { db in try makeMachine(db, groupID: ids.0, environmentID: ids.1, state: "pending") } == nil)
    }

    @Test("only one unfinished release per application and environment")
    func oneUnfinishedRelease() throws {
        let ids = try store.write { db in
            let userID = try makeUser(db)
            let applicationID = try makeApplication(db, groupID: makeGroup(db))
            let packageID = try makePackage(db, applicationID: applicationID, createdBy: userID)
            let environmentID = try makeEnvironment(db)
            try makeRelease(db, applicationID: applicationID, packageID: packageID, environmentID: environmentID,
                            requestedBy: userID, finishedAt: 1)
            try makeRelease(db, applicationID: applicationID, packageID: packageID, environmentID: environmentID,
                            requestedBy: userID)
            return (userID, applicationID, packageID, environmentID)
        }
        #expect(failure { db in
            try makeRelease(db, applicationID: ids.1, packageID: ids.2, environmentID: ids.3, requestedBy: ids.0)
        } == .SQLITE_CONSTRAINT_UNIQUE)
    }

    @Test("application names are safe as a directory on a host", arguments: ["Checkout", "../etc", "a b", "-x", ""])
    func applicationName(_ name: String) throws {
        let groupID = try store.write { db in try makeGroup(db) }
        #expect(failure { db in try makeApplication(db, name: name, groupID: groupID) } == .SQLITE_CONSTRAINT_CHECK)
    }

    @Test("audit rows can be neither changed nor deleted")
    func auditIsAppendOnly() throws {
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO audit (at, actor, action, previousHash, hash) VALUES (1, 'alice', 'login', '0', '1')
                """)
        }
        #expect(failure { db in try db.execute(sql: "UPDATE audit SET actor = 'mallory'") } == .SQLITE_CONSTRAINT_TRIGGER)
        #expect(failure { db in try db.execute(sql: "DELETE FROM audit") } == .SQLITE_CONSTRAINT_TRIGGER)
    }

    @Test("logins are unique regardless of case")
    func loginIsUnique() throws {
        try store.write { db in try makeUser(db, login: "alice") }
        #expect(failure { db in try makeUser(db, login: "Alice") } == .SQLITE_CONSTRAINT_UNIQUE)
    }
}
