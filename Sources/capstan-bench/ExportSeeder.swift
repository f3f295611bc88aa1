import Core
import Foundation
import GRDB
import Logging
import Storage

/// Writes a long release history straight into a data directory's SQLite file for
/// `capstan-bench export`: one group, application and environment, `machines` hosts, and
/// `releases` finished releases with `jobsPerRelease` jobs each, in one transaction through
/// prepared statements (the API would take hours). Returns an admin's token text.
struct ExportSeeder {
    let releases: Int
    let jobsPerRelease: Int
    let machines: Int

    func seed(dataDirectory: String, migrations: String = "./migrations") throws -> String {
        let store = try Store.open(at: URL(fileURLWithPath: dataDirectory), migrationsDirectory: URL(fileURLWithPath: migrations),
                                   logger: Logger(label: "capstan-bench.storage"))
        let now = Date()
        return try store.write { db in
            let admin = try db.createUser(UserDraft(login: "bench-admin", isAdmin: true), passwordHash: nil, now: now)
            let approver = try db.createUser(UserDraft(login: "bench-approver"), passwordHash: nil, now: now)
            let group = try db.createGroup(GroupDraft(name: "bench"))
            let environment = try db.createEnvironment(EnvironmentDraft(name: "production", rank: 10))
            let application = try db.createApplication(ApplicationDraft(name: "web", groupID: group.id, runAs: "app", installRoot: "/srv"))
            let machineIDs = try (0..<machines).map { index in
                try db.createMachine(MachineDraft(hostname: String(format: "web-%04d", index), datacenter: "dc-\(index % 4)",
                                                  groupID: group.id, environmentID: environment.id), now: now).id
            }
            try db.execute(sql: """
                INSERT INTO package (applicationID, version, sha256, size, storagePath, createdBy, createdAt) VALUES (?, '1.0.0', ?, 1, 'bench', ?, 0)
                """, arguments: [application.id, String(repeating: "ab", count: 32), admin.id])
            let packageID = db.lastInsertedRowID
            try insertHistory(db, application: application.id, package: packageID, environment: environment.id,
                              requester: admin.id, approver: approver.id, machines: machineIDs, start: now.addingTimeInterval(-Double(releases) * 600))
            let scope = TokenScope(groups: .all, maxRole: .owner)
            return try db.createAPIToken(APITokenDraft(name: "bench", scope: scope, expiresAt: nil), userID: admin.id, now: now).token.text
        }
    }

    /// Releases ten minutes apart, mostly succeeded; every 20th failed with a message that needs quoting.
    private func insertHistory(_ db: Database, application: Int64, package: Int64, environment: Int64, requester: Int64, approver: Int64,
                               machines: [Int64], start: Date) throws {
        let release = try db.makeStatement(sql: """
            INSERT INTO release (id, applicationID, packageID, version, environmentID, strategy, state, requestedBy, approvedBy,
                createdAt, startedAt, finishedAt, message)
            VALUES (?, ?, ?, '1.0.0', ?, '{}', ?, ?, ?, ?, ?, ?, ?)
            """)
        let job = try db.makeStatement(sql: """
            INSERT INTO job (releaseID, machineID, batch, action, state, queuedAt, startedAt, finishedAt, exitCode, message)
            VALUES (?, ?, ?, 'deploy', ?, ?, ?, ?, ?, ?)
            """)
        for index in 0..<releases {
            let id = Int64(index + 1)
            let created = start.addingTimeInterval(Double(index) * 600).millisecondsSince1970
            let failed = index % 20 == 0
            try release.execute(arguments: [id, application, package, environment, failed ? "failed" : "succeeded", requester,
                                            index % 3 == 0 ? approver : nil, created, created + 1_000, created + 120_000,
                                            failed ? "failure limit of 1 passed: 2 hosts failed, \"health check\" timed out" : nil])
            for host in 0..<jobsPerRelease {
                let queued = created + 1_000 + Int64(host) * 10
                let machine = machines[(index * jobsPerRelease + host) % machines.count]
                let jobFailed = failed && host < 2
                try job.execute(arguments: [id, machine, host / 4, jobFailed ? "failed" : "succeeded", queued, queued + 200, queued + 60_000,
                                            jobFailed ? 1 : 0, jobFailed ? "health check failed: HTTP 503" : "deployed"])
            }
        }
    }
}
