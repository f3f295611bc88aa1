import Core
import Foundation
import Storage
@testable import Web

/// What the release command tests start from, in a running app: an application `web` in group
/// Payments with versions 1.0.0 and 2.0.0 pushed, an environment `production` with `machines`
/// active machines that no agent answers for, an environment `empty` with none, and two deployers
/// of the group, `ci` and `alice`, with tokens.
struct ReleaseScene {
    let app: RunningApp
    let ciToken: String
    let aliceToken: String
    let machines: [Int64]

    static func make(in app: RunningApp, machines count: Int = 1, needsApproval: Bool = false) async throws -> ReleaseScene {
        let group = try await app.makeGroup("Payments")
        let ci = try await app.makeUser("ci", roles: [group: .deployer])
        let alice = try await app.makeUser("alice", roles: [group: .deployer])
        let now = app.clock.now()
        let machines = try await app.store.write { db in
            _ = try db.createApplication(ApplicationDraft(name: "web", groupID: group, runAs: "web", installRoot: "/srv/web"))
            let production = try db.createEnvironment(EnvironmentDraft(name: "production", rank: 10, needsApproval: needsApproval))
            _ = try db.createEnvironment(EnvironmentDraft(name: "empty", rank: 5))
            return try (0..<count).map { index in
                let machine = try db.createMachine(MachineDraft(hostname: "web-\(index + 1)", groupID: group, environmentID: production.id), now: now)
                return try db.setMachineState(id: machine.id, to: .active, now: now).id
            }
        }
        let admin = try await app.adminTokenHeaders()
        for version in ["1.0.0", "2.0.0"] {
            _ = try await app.uploadPackage("web", version, try await PackagesAPITests.package(version), headers: admin)
        }
        return ReleaseScene(app: app, ciToken: try await app.makeToken(for: ci), aliceToken: try await app.makeToken(for: alice),
                            machines: machines)
    }

    /// The variables `capstan` reads, as `ci` unless `token` says otherwise.
    func environment(token: String? = nil) -> [String: String] {
        ["CAPSTAN_URL": "http://127.0.0.1:\(app.port)", "CAPSTAN_TOKEN": token ?? ciToken]
    }

    /// Runs `capstan arguments` to the end.
    func capstan(_ arguments: [String], token: String? = nil) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await ChildProcess.run(arguments, environment: environment(token: token))
    }

    /// Starts `capstan arguments` and leaves it running.
    func start(_ arguments: [String], token: String? = nil) throws -> ChildProcess {
        try ChildProcess(arguments, environment: environment(token: token))
    }

    /// The newest release once `condition` holds for it (polling the store, for waits on child processes).
    func newestRelease(where condition: @escaping @Sendable (Release, [ReleaseHost]) -> Bool) async throws -> Release {
        let found = try await eventually { () async throws -> Release? in
            try await app.store.read { db in
                guard let release = try db.releases(matching: ReleaseQuery(limit: 1)).first else { return nil }
                return condition(release, try db.releaseHosts(releaseID: release.id)) ? release : nil
            }
        }
        guard let found else { throw RawHTTP.Failure("no release came to the state the test waits for") }
        return found
    }
}
