import Core
import Foundation
import Storage
import Testing
@testable import Web

/// Creating, reading and waiting on releases over `/api/v1/releases`: what is refused and why, the
/// lock, the promotion gate and its audited override, approval by someone else, permissions, the
/// snapshot, `?wait=` and the event stream.
@Suite(.serialized)
struct ReleasesAPITests {
    @Test("a release starts at once: 201, its hosts queued within maxParallel, audited with its actor")
    func create() async throws {
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 3, strategy: ReleaseStrategy(batchSizes: [.count(2)], maxParallel: 1))
            let response = try await releases.create("1.0.0")
            #expect(response.status == 201, "\(response.text)")
            let body = try response.json()
            #expect(body["state"] as? String == "running")
            #expect(body["version"] as? String == "1.0.0" && body["environment"] as? String == "staging")
            #expect(body["batchCount"] as? Int == 2)
            let id = Int64(body["id"] as? String ?? "")!
            await releases.settle()
            let hosts = try await releases.hosts(id)
            #expect(hosts["total"] == 3 && hosts["queued"] == 1 && hosts["pending"] == 2)
            let audit = try await app.auditRows().first { $0.entry.action == "release.create" }
            #expect(audit?.entry.targetID == String(id))
            #expect(audit?.entry.actor.hasPrefix(releases.fixture.admin.login + " ") == true)
            let listed = try await app.get("/api/v1/releases?application=web&environment=staging&state=running", headers: releases.admin).json()
            #expect((listed["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [String(id)])
        }
    }

    @Test("bad input is refused with the field and nothing is created", arguments: [
        (#"{"version":"9.9.9"}"#, 404, "version"),
        (#"{"environment":"moon"}"#, 404, "environment"),
        (#"{"application":"nope"}"#, 404, "application"),
        (#"{"strategy":{"maxParallel":0}}"#, 422, "strategy.maxParallel"),
        (#"{"strategy":{"batchsize":"25%"}}"#, 422, "strategy.batchsize"),
        (#"{"machines":["999"]}"#, 422, "machines"),
        (#"{"overrideReason":"  "}"#, 422, "overrideReason"),
    ])
    func refused(change: String, status: Int, field: String) async throws {
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 1)
            var extra = try JSONSerialization.jsonObject(with: Data(change.utf8)) as? [String: Any] ?? [:]
            let version = extra.removeValue(forKey: "version") as? String ?? "1.0.0"
            let environment = extra.removeValue(forKey: "environment") as? String ?? "staging"
            let response = try await releases.create(version, to: environment, extra: extra)
            #expect(response.status == status, "\(response.text)")
            #expect(try response.errorObject()["field"] as? String == field)
            #expect(try await app.store.read { db in try db.releases(matching: ReleaseQuery()) }.isEmpty)
        }
    }

    @Test("an environment without machines of the group is refused")
    func noTargets() async throws {
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 0)
            let response = try await releases.create("1.0.0")
            #expect(response.status == 422)
            #expect(try response.errorObject()["message"] as? String == "there are no active machines of web's group in staging")
        }
    }

    @Test("a second release of the application to the environment is refused, naming the first")
    func lock() async throws {
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 2)
            let first = try await releases.start("1.0.0")
            let second = try await releases.create("2.0.0")
            #expect(second.status == 409)
            #expect(try second.errorObject()["message"] as? String
                == "release \(first) (web 1.0.0 to staging) is still running; wait for it or abort it first")
            try await releases.runAll()
            #expect(try await releases.state(first) == "succeeded")
            #expect(try await releases.create("2.0.0").status == 201, "the lock ends with the release")
        }
    }

    @Test("the promotion gate: production needs the version to have succeeded in staging (environments without the group's machines do not count); an admin may override with a reason, audited")
    func promotionGate() async throws {
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 1)
            try await app.store.write { db in
                let machine = try db.createMachine(MachineDraft(hostname: "prod-1", groupID: releases.fixture.groupID,
                                                                environmentID: releases.production.id), now: app.clock.now())
                _ = try db.setMachineState(id: machine.id, to: .active, now: app.clock.now())
            }
            _ = try await app.store.write { db in try db.createEnvironment(EnvironmentDraft(name: "dev", rank: 10)) }
            #expect(try await releases.create("2.0.0").status == 201, "dev, below staging, has no machines of the group: no gate")
            let gated = try await releases.create("1.0.0", to: "production")
            #expect(gated.status == 409)
            #expect(try gated.errorObject()["message"] as? String
                == "web 1.0.0 has no succeeded release in staging, the environment ranked below production; release it there first (an admin may override with a reason)")
            let notAdmin = try await releases.create("1.0.0", to: "production", extra: ["overrideReason": "hotfix"], as: releases.approverHeaders)
            #expect(notAdmin.status == 403)
            let overridden = try await releases.create("1.0.0", to: "production", extra: ["overrideReason": "hotfix for INC-42"])
            #expect(overridden.status == 201, "\(overridden.text)")
            #expect(try overridden.json()["overrideReason"] as? String == "hotfix for INC-42")
            let audit = try await app.auditRows().first { $0.entry.action == "release.create" }
            #expect(audit?.entry.detail["promotionOverride"] == .string("hotfix for INC-42"))
        }
    }

    @Test("a protected environment waits for approval by someone other than the requester")
    func approval() async throws {
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 1)
            let staging = try await releases.start("1.0.0")
            try await releases.runAll()
            #expect(try await releases.state(staging) == "succeeded")
            try await app.store.write { db in
                let machine = try db.createMachine(MachineDraft(hostname: "prod-1", groupID: releases.fixture.groupID,
                                                                environmentID: releases.production.id), now: app.clock.now())
                _ = try db.setMachineState(id: machine.id, to: .active, now: app.clock.now())
            }
            let id = try await releases.start("1.0.0", to: "production")
            #expect(try await releases.state(id) == "awaitingApproval")
            #expect(try await releases.hosts(id)["pending"] == 1, "nothing is dispatched before approval")
            let own = try await releases.act(id, "approve")
            #expect(own.status == 403)
            #expect(try own.errorObject()["message"] as? String == "you requested this release; someone else with deployer or owner on the group must approve it")
            let approved = try await releases.act(id, "approve", as: releases.approverHeaders)
            #expect(approved.status == 200, "\(approved.text)")
            #expect(try await releases.release(id)["approvedBy"] as? String == (try approved.json()["approvedBy"] as? String))
            #expect(try await releases.hosts(id)["queued"] == 1)
            #expect(try await releases.act(id, "approve", as: releases.approverHeaders).status == 409, "approving twice")
        }
    }

    @Test("viewers read releases but cannot act; other groups' users see nothing")
    func permissions() async throws {
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 1)
            let id = try await releases.start("1.0.0")
            let viewer = try await app.makeUser("viewer1")
            try await app.store.write { db in try db.setMembership(Membership(userID: viewer.id, groupID: releases.fixture.groupID, role: .viewer)) }
            let viewerHeaders = ["Authorization": "Bearer \(try await app.makeToken(for: viewer))"]
            let outsider = try await app.makeUser("outsider1")
            let outsiderHeaders = ["Authorization": "Bearer \(try await app.makeToken(for: outsider))"]
            #expect(try await app.get("/api/v1/releases/\(id)", headers: viewerHeaders).status == 200)
            #expect(try await releases.act(id, "pause", as: viewerHeaders).status == 403)
            #expect(try await releases.create("2.0.0", as: viewerHeaders).status == 403)
            #expect(try await app.get("/api/v1/releases/\(id)", headers: outsiderHeaders).status == 404)
            #expect(try await app.get("/api/v1/releases/\(id)/hosts", headers: outsiderHeaders).status == 404)
            #expect(try await releases.act(id, "abort", as: outsiderHeaders).status == 404)
            let list = try await app.get("/api/v1/releases", headers: outsiderHeaders).json()
            #expect((list["items"] as? [Any])?.isEmpty == true)
            #expect(try await app.get("/api/v1/releases/\(id)").status == 401)
        }
    }

    @Test("a release is a snapshot: editing the application later changes nothing in flight")
    func snapshot() async throws {
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 2, strategy: ReleaseStrategy(batchSizes: [.percent(100)], maxParallel: 1))
            let id = try await releases.start("1.0.0")
            let edited = try await app.send("PATCH", "/api/v1/applications/web", json: ["startCommand": "./other", "defaultStrategy": ["maxParallel": 5]],
                                            headers: releases.admin)
            #expect(edited.status == 200, "\(edited.text)")
            try await releases.runAll()
            let jobs = try await app.store.read { db in try db.releaseHosts(releaseID: id).map(\.job) }
            #expect(jobs.count == 2 && jobs.allSatisfy { $0.spec.application.startCommand == "./start" })
            #expect((try await releases.release(id)["strategy"] as? [String: Any])?["maxParallel"] as? Int == 1)
        }
    }

    @Test("?wait= answers when the release finishes; the event stream carries its changes and ends with it")
    func waitAndEvents() async throws {
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 2)
            let id = try await releases.start("1.0.0")
            #expect(try await app.get("/api/v1/releases/\(id)?wait=301", headers: releases.admin).status == 422)
            let early = try await app.get("/api/v1/releases/\(id)?wait=0", headers: releases.admin).json()
            #expect(early["state"] as? String == "running")
            async let waited = app.get("/api/v1/releases/\(id)?wait=60", headers: releases.admin)
            async let events = app.get("/api/v1/releases/\(id)/events", headers: releases.admin)
            // Both requests are parked on the release's updates before it moves, so what they answer
            // is what waiting saw, not a release already finished when they came.
            let updates = app.app.releaseRunner.releaseUpdates
            while updates.subscriberCount < 2 { await Task.yield() }
            try await releases.runAll()
            let answer = try await waited
            #expect(try answer.json()["state"] as? String == "succeeded")
            let stream = try await events
            #expect(stream.header("Content-Type")?.hasPrefix("text/event-stream") == true)
            #expect(stream.text.contains("event: release"))
            #expect(stream.text.contains(#""state":"succeeded""#))
        }
    }
}
