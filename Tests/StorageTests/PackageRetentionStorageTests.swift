import Core
import Foundation
import GRDB
import Testing
@testable import Storage

struct PackageRetentionStorageTests {
    /// 40 days after the fixtures' release and package timestamps, so those releases are old.
    let now = Date(timeIntervalSince1970: 1_700_000_000 + 40 * 86_400)

    @Test("deletes expired versions with an audit row each, and skips versions a release row names")
    func deletesAndAudits() throws {
        let store = try Store.temporary()
        let (ids, other) = try store.write { db in
            let user = try makeUser(db)
            let group = try makeGroup(db)
            let environment = try makeEnvironment(db)
            let application = try makeApplication(db, groupID: group)
            let ids = try (1...5).map { i in
                try makePackage(db, applicationID: application, version: "1.0.\(i)", createdBy: user,
                                sha256: String(repeating: String(format: "%02x", i), count: 32))
            }
            // Old and finished, so the rule would delete 1.0.1; the row still names it.
            try makeRelease(db, applicationID: application, packageID: ids[0], environmentID: environment, requestedBy: user,
                            finishedAt: 1_700_000_000_000)
            let other = try makeApplication(db, name: "ledger", groupID: group)
            try makePackage(db, applicationID: other, version: "9", createdBy: user)
            return (ids, other)
        }
        let removed = try store.write { db in try db.deleteExpiredPackages(retention: PackageRetention(keepCount: 2), now: now) }
        #expect(removed.map(\.id) == [ids[2], ids[1]])
        #expect(removed.map(\.version) == ["1.0.3", "1.0.2"])
        #expect(removed.allSatisfy { $0.application == "checkout" })
        try store.read { db in
            #expect(try Int64.fetchAll(db, sql: "SELECT id FROM package WHERE applicationID <> ? ORDER BY id", arguments: [other])
                    == [ids[0], ids[3], ids[4]])
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM package WHERE applicationID = ?", arguments: [other]) == 1)
            let audit = try db.auditRecords(matching: AuditQuery(action: "package.delete"))
            #expect(audit.count == 2)
            let newest = try #require(audit.first).entry
            #expect(newest.actor == "system")
            #expect(newest.targetID == String(ids[1]))
            #expect(newest.detail == ["application": .string("checkout"), "version": .string("1.0.2"),
                                      "sha256": .string(String(repeating: "02", count: 32))])
            #expect(try db.verifyAuditChain() == nil)
        }
    }

    @Test("a version named by a release is reported as such, as package or as previous package")
    func releaseReference() throws {
        let store = try Store.temporary()
        try store.write { db in
            let user = try makeUser(db)
            let application = try makeApplication(db, groupID: try makeGroup(db))
            let first = try makePackage(db, applicationID: application, version: "1", createdBy: user)
            let second = try makePackage(db, applicationID: application, version: "2", createdBy: user)
            let third = try makePackage(db, applicationID: application, version: "3", createdBy: user)
            let release = try makeRelease(db, applicationID: application, packageID: second, environmentID: try makeEnvironment(db),
                                          requestedBy: user)
            try db.execute(sql: "UPDATE release SET previousPackageID = ? WHERE id = ?", arguments: [first, release])
            #expect(try db.isPackageInRelease(first))
            #expect(try db.isPackageInRelease(second))
            #expect(try !db.isPackageInRelease(third))
        }
    }
}
