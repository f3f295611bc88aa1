import Core
import Foundation
import GRDB
import Storage
@testable import Web

/// What release page tests start from, in a running app: group `payments` with deployers `dora`
/// and `dave` and viewer `vera`, `olga` owning another group, application `web` with `versions`
/// (pushed oldest first), environment `staging` (rank 20) with `hosts` active machines in two
/// datacenters, and, when asked, a protected `production` (rank 30) with two machines.
///
/// No agents run: dispatched jobs stay `queued` until a test moves them, since the app's clock only
/// moves when a test says so and no host timeout passes.
struct ReleasePageFixture {
    let groupID: Int64
    let application: Application
    let staging: Int64
    let machines: [Machine]

    static func make(in app: RunningApp, hosts: Int = 6, versions: [String] = ["1.0.0", "1.1.0"], stagingNeedsApproval: Bool = false,
                     production: Bool = false, application name: String = "web") async throws -> ReleasePageFixture {
        let groupID = try await app.makeGroup("payments")
        let dora = try await app.makeUser("dora", roles: [groupID: .deployer])
        try await app.makeUser("dave", roles: [groupID: .deployer])
        try await app.makeUser("vera", roles: [groupID: .viewer])
        let other = try await app.makeGroup("search")
        try await app.makeUser("olga", roles: [other: .owner])
        let now = app.clock.now()
        return try await app.store.write { db in
            let application = try db.createApplication(ApplicationDraft(name: name, groupID: groupID, runAs: "app", installRoot: "/srv"))
            for (index, version) in versions.enumerated() {
                _ = try db.insertPackage(PackageDraft(applicationID: application.id, version: version,
                                                      sha256: String(repeating: String(index % 10), count: 64), size: 1,
                                                      storagePath: "artifacts/test/\(index)", createdBy: dora.id),
                                         now: now.addingTimeInterval(TimeInterval(index)))
            }
            let staging = try db.createEnvironment(EnvironmentDraft(name: "staging", rank: 20, needsApproval: stagingNeedsApproval))
            var machines = try (1..<hosts + 1).map { number in
                try activeMachine("web-\(String(format: "%03d", number))", datacenter: number % 2 == 0 ? "ams1" : "fra1",
                                  groupID: groupID, environmentID: staging.id, db, now: now)
            }
            if production {
                let environment = try db.createEnvironment(EnvironmentDraft(name: "production", rank: 30, isProtected: true))
                machines += try (1...2).map { number in
                    try activeMachine("prod-\(number)", datacenter: "fra1", groupID: groupID, environmentID: environment.id, db, now: now)
                }
            }
            return ReleasePageFixture(groupID: groupID, application: application, staging: staging.id, machines: machines)
        }
    }

    private static func activeMachine(_ hostname: String, datacenter: String, groupID: Int64, environmentID: Int64, _ db: Database,
                                      now: Date) throws -> Machine {
        let machine = try db.createMachine(MachineDraft(hostname: hostname, datacenter: datacenter, groupID: groupID,
                                                        environmentID: environmentID), now: now)
        return try db.setMachineState(id: machine.id, to: .active, now: now)
    }
}

extension RunningApp {
    /// Posts the application page's deploy form as `session`; returns the new release's id, or nil
    /// (with the response) when it was refused.
    func deploy(_ version: String, to environment: String, application: String = "web", overrideReason: String = "",
                as session: BrowserSession) async throws -> (id: Int64?, response: HTTPResponse) {
        let response = try await submit("/applications/\(application)/deploy",
                                        ["version": version, "environment": environment, "overrideReason": overrideReason], as: session)
        let id = response.status == 303 ? response.header("Location")?.firstMatch(of: /^\/releases\/(\d+)$/).flatMap { Int64($0.1) } : nil
        return (id, response)
    }

    /// Returns once the release engine has taken every step it can.
    func settle() async {
        await app.releaseRunner.waitUntilIdle()
    }

    func release(_ id: Int64) async throws -> Release {
        try await store.read { db in try db.release(id: id) }
    }

    func tally(_ id: Int64) async throws -> ReleaseTally {
        try await store.read { db in try db.releaseTally(id: id) }
    }
}
