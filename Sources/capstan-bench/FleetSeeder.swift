import Core
import Foundation
import Storage

/// The store side of `capstan-bench fleet`: `agents` machines enrolled through the real
/// `enrollAgent` (hostnames `sim-<i>`, one enrollment token with that many uses), an application
/// with one package row to deploy, and later one queued job per machine.
struct FleetSeeder {
    /// What was seeded; `tokens[i]` is the agent token of `machineIDs[i]`.
    struct Fleet: Sendable {
        let machineIDs: [Int64]
        let tokens: [String]
        let environmentID: Int64
        let application: Application
        let package: Core.Package
        let userID: Int64
    }

    let store: Store

    func seed(agents: Int) throws -> Fleet {
        let now = Date()
        return try store.write { db in
            let group = try db.createGroup(GroupDraft(name: "fleet"))
            let environment = try db.createEnvironment(EnvironmentDraft(name: "production", rank: 10))
            let enrollment = try db.createEnrollmentToken(
                EnrollmentTokenDraft(groupID: group.id, environmentID: environment.id, uses: agents, expiresAt: now.addingTimeInterval(86_400)),
                now: now).token
            let user = try db.createUser(UserDraft(login: "fleet-bench", isAdmin: true), passwordHash: nil, now: now)
            let application = try db.createApplication(
                ApplicationDraft(name: "fleet-app", groupID: group.id, runAs: "app", installRoot: "/srv/fleet-app"))
            // No file behind it: the simulated agents never download.
            let sha256 = String(repeating: "ab", count: 32)
            let package = try db.insertPackage(
                PackageDraft(applicationID: application.id, version: "1.0.0", sha256: sha256, size: 1 << 20,
                             storagePath: "sha256/ab/\(sha256)", createdBy: user.id), now: now)
            var machineIDs: [Int64] = []
            var tokens: [String] = []
            for index in 0..<agents {
                let token = Token.make(.agent)
                let enrolled = try db.enrollAgent(enrollmentTokenHash: enrollment.hash, facts: AgentFacts(hostname: "sim-\(index)"),
                                                  agentToken: token, now: now)
                machineIDs.append(enrolled.machine.id)
                tokens.append(token.text)
            }
            return Fleet(machineIDs: machineIDs, tokens: tokens, environmentID: environment.id, application: application,
                         package: package, userID: user.id)
        }
    }

    /// A running release of the package and one queued deploy job per machine, in one transaction,
    /// as `AgentFixture.queueJobs` and the release engine write them. Returns the job ids.
    func queueJobs(for fleet: Fleet) throws -> [Int64] {
        let now = Date()
        return try store.write { db in
            try db.execute(sql: """
                INSERT INTO release (applicationID, packageID, environmentID, strategy, target, state, requestedBy, createdAt)
                VALUES (?, ?, ?, '{}', ?, 'running', ?, ?)
                """, arguments: [fleet.application.id, fleet.package.id, fleet.environmentID,
                                 String(decoding: try JSONEncoder().encode(AgentJob.Target(fleet.application)), as: UTF8.self),
                                 fleet.userID, now.millisecondsSince1970])
            let releaseID = db.lastInsertedRowID
            let package = fleet.package
            let spec = AgentJob(id: 0, releaseID: releaseID, action: .deploy, application: AgentJob.Target(fleet.application),
                                environment: "production", version: package.version, targetRelease: releaseID,
                                package: AgentJob.PackageRef(id: package.id, sha256: package.sha256, size: package.size))
            return try fleet.machineIDs.map { try db.createJob(releaseID: releaseID, machineID: $0, batch: 0, spec: spec).id }
        }
    }
}
