import Core
import Foundation
import Storage
import Testing
@testable import Web

/// The release engine in the whole server, with agents speaking the real protocol from the test:
/// batches and maxParallel, the failure limit and automatic rollback, pause, bake, abort, retry,
/// rollback and the host timeout.
@Suite(.serialized)
struct ReleaseEngineTests {
    @Test("hosts are dispatched within maxParallel, one batch at a time, until the release succeeds")
    func batches() async throws {
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 5, strategy: ReleaseStrategy(batchSizes: [.count(1), .percent(100)], maxParallel: 2))
            let id = try await releases.start("1.0.0")
            var order: [[Int]] = []
            while try await releases.state(id) == "running" {
                var given: [(Int, AgentJob)] = []
                for index in releases.agents.indices { given += try await releases.take(index).map { (index, $0) } }
                #expect(given.count <= 2, "maxParallel")
                #expect(!given.isEmpty, "a running release always has something in flight")
                if given.isEmpty { break }
                order.append(given.map { $0.1.id }.map { id in Int(id) })
                for (index, job) in given { try await releases.finish(job, by: index) }
            }
            #expect(order.first?.count == 1, "the first batch is one host")
            #expect(order.count == 3, "then 4 hosts two at a time")
            let body = try await releases.release(id)
            #expect(body["state"] as? String == "succeeded")
            #expect(body["message"] as? String == "5 hosts deployed")
            let batches = body["batches"] as? [[String: Any]] ?? []
            #expect(batches.map { $0["succeeded"] as? Int } == [1, 4])
        }
    }

    @Test("past the failure limit the release stops, waits for running hosts and rolls the switched ones back")
    func failureLimitAndAutoRollback() async throws {
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 4, strategy: ReleaseStrategy(batchSizes: [.count(2)], maxParallel: 2))
            let first = try await releases.start("1.0.0")
            try await releases.runAll()
            #expect(try await releases.state(first) == "succeeded")
            let id = try await releases.start("2.0.0")
            let a = try await releases.take(0) + releases.take(1)
            #expect(a.count == 2)
            try await releases.finish(a[0], by: 0, .failed, switched: true)
            #expect(try await releases.state(id) == "stopping", "one failure passes a limit of 0; the other host still runs")
            try await releases.finish(a[1], by: 1)
            #expect(try await releases.state(id) == "rollingBack")
            let undo = try await releases.take(0) + releases.take(1)
            #expect(undo.count == 2 && undo.allSatisfy { $0.action == .rollback && $0.targetRelease == first && $0.package == nil })
            let untouched = try await releases.take(2) + releases.take(3)
            #expect(untouched.isEmpty, "hosts never switched are not touched")
            try await releases.finish(undo[0], by: 0)
            try await releases.finish(undo[1], by: 1)
            let body = try await releases.release(id)
            #expect(body["state"] as? String == "rolledBack")
            #expect(body["message"] as? String == "failure limit of 0 passed: 1 host failed; 2 hosts returned to their previous release")
            #expect((body["hosts"] as? [String: Any])?["pending"] as? Int == 2, "the second batch never started")
        }
    }

    @Test("without autoRollback the release fails; retry gives failed and never-started hosts a new attempt")
    func failAndRetry() async throws {
        try await withRunningApp { app in
            let strategy = ReleaseStrategy(batchSizes: [.count(1)], maxParallel: 1, autoRollback: false)
            let releases = try await ReleaseFixture.make(in: app, agents: 3, strategy: strategy)
            let id = try await releases.start("1.0.0")
            try await releases.runAll { $0 == 0 ? .failed : .succeeded }
            #expect(try await releases.state(id) == "failed")
            #expect(try await releases.hosts(id) == ["total": 3, "failed": 1, "pending": 2, "queued": 0, "delivered": 0, "running": 0,
                                                       "succeeded": 0, "cancelled": 0, "unreachable": 0, "interrupted": 0, "refused": 0])
            let retried = try await releases.act(id, "retry")
            #expect(retried.status == 200, "\(retried.text)")
            try await releases.runAll()
            #expect(try await releases.state(id) == "succeeded")
            let hosts = try await app.get("/api/v1/releases/\(id)/hosts", headers: releases.admin).json()["items"] as? [[String: Any]] ?? []
            #expect(hosts.count == 3)
            #expect(hosts.first { $0["hostname"] as? String == "web-1" }?["attempt"] as? Int == 2)
            #expect(try await app.auditRows().contains { $0.entry.action == "release.retry" })
        }
    }

    @Test("pause holds new dispatches until resume; a bake pause resumes itself when its time is over")
    func pauseResumeAndBake() async throws {
        try await withRunningApp { app in
            let strategy = ReleaseStrategy(batchSizes: [.count(1)], maxParallel: 1, pause: .afterFirst, bake: 60)
            let releases = try await ReleaseFixture.make(in: app, agents: 3, strategy: strategy)
            let id = try await releases.start("1.0.0")
            try await releases.finish(try await releases.take(0)[0], by: 0)
            let paused = try await releases.release(id)
            #expect(paused["state"] as? String == "paused")
            #expect(paused["message"] as? String == "paused after batch 1 of 3 for 60 s")
            #expect(try await releases.take(1).isEmpty)
            app.clock.advance(by: 61)
            await app.app.releaseRunner.sweep()
            await releases.settle()
            #expect(try await releases.state(id) == "running", "the bake time is over")
            let running = try await releases.take(1)
            #expect(running.count == 1)
            #expect(try await releases.act(id, "pause").status == 200)
            try await releases.finish(running[0], by: 1)
            #expect(try await releases.state(id) == "paused")
            #expect(try await releases.take(2).isEmpty, "nothing new while paused")
            #expect(try await releases.act(id, "pause").status == 409)
            #expect(try await releases.act(id, "resume").status == 200)
            try await releases.runAll()
            #expect(try await releases.state(id) == "succeeded")
            let actions = try await app.auditRows().map(\.entry.action)
            #expect(actions.contains("release.pause") && actions.contains("release.resume"))
        }
    }

    @Test("abort cancels hosts not started and lets running ones finish, or tells them to stop")
    func abort() async throws {
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 3, strategy: ReleaseStrategy(batchSizes: [.percent(100)], maxParallel: 1))
            let id = try await releases.start("1.0.0")
            let running = try await releases.take(0)
            #expect(try await releases.act(id, "abort", json: ["mode": "finish"]).status == 200)
            #expect(try await releases.state(id) == "stopping")
            try await releases.finish(running[0], by: 0)
            let body = try await releases.release(id)
            #expect(body["state"] as? String == "aborted")
            #expect((body["hosts"] as? [String: Any])?["cancelled"] as? Int == 2)
            #expect((body["hosts"] as? [String: Any])?["succeeded"] as? Int == 1)
            #expect(try await releases.act(id, "abort").status == 409, "already finished")

            let second = try await releases.start("2.0.0")
            let job = try await releases.take(0)[0]
            #expect(try await releases.act(second, "abort", json: ["mode": "stop"]).status == 200)
            #expect(try await releases.state(second) == "aborted", "a stopped host is cancelled at once")
            let told = try await app.agentSend("POST", "/agent/v1/jobs/\(job.id)/events", JobEvents(session: "s0"), token: releases.agents[0].token)
            #expect(try RunningApp.agentDecoder.decode(JobEventsResponse.self, from: Data(told.body)).cancel, "the agent is told to stop")
            #expect(try await releases.act(second, "abort", json: ["mode": "later"]).status == 422)
        }
    }

    @Test("rollback makes a new release that returns the switched hosts to their previous release, nothing downloaded")
    func rollback() async throws {
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 2)
            #expect(try await releases.act(1, "rollback").status == 404)
            let first = try await releases.start("1.0.0")
            try await releases.runAll()
            let noEarlier = try await releases.act(first, "rollback")
            #expect(noEarlier.status == 409)
            #expect(try noEarlier.errorObject()["message"] as? String == "no host of release \(first) has an earlier release of web to return to")
            let second = try await releases.start("2.0.0")
            #expect(try await releases.act(second, "rollback").status == 409, "not finished")
            try await releases.runAll()
            let response = try await releases.act(second, "rollback")
            #expect(response.status == 201, "\(response.text)")
            let body = try response.json()
            #expect(body["rollbackOf"] as? String == String(second) && body["version"] as? String == "1.0.0")
            let rollbackID = Int64(body["id"] as? String ?? "")!
            let jobs = try await releases.take(0) + releases.take(1)
            #expect(jobs.count == 2 && jobs.allSatisfy { $0.action == .rollback && $0.targetRelease == first && $0.package == nil })
            for (index, job) in jobs.enumerated() { try await releases.finish(job, by: index) }
            #expect(try await releases.state(rollbackID) == "succeeded")
            #expect(try await releases.act(first, "rollback").status == 409, "only the newest release is rolled back")
            #expect(try await app.auditRows().contains { $0.entry.action == "release.rollback" && $0.entry.actor.hasPrefix(releases.fixture.admin.login) })
        }
    }

    @Test("a host that does not answer within the host timeout is unreachable and counts against the limit")
    func hostTimeout() async throws {
        try await withRunningApp { app in
            let strategy = ReleaseStrategy(batchSizes: [.percent(100)], maxParallel: 2, failureLimit: .count(0), hostTimeout: 30)
            let releases = try await ReleaseFixture.make(in: app, agents: 2, strategy: strategy)
            let first = try await releases.start("1.0.0")
            try await releases.runAll()
            let id = try await releases.start("2.0.0")
            let silent = try await releases.take(0)
            try await releases.finish(try await releases.take(1)[0], by: 1)
            #expect(silent.count == 1)
            app.clock.advance(by: 31)
            await app.app.releaseRunner.sweep()
            await releases.settle()
            let hosts = try await app.get("/api/v1/releases/\(id)/hosts?state=unreachable", headers: releases.admin).json()["items"] as? [[String: Any]]
            #expect(hosts?.first?["message"] as? String == "no result within the host timeout")
            #expect(try await releases.state(id) == "rollingBack", "unreachable counts against the limit of 0")
            #expect(try await releases.take(1).first?.targetRelease == first, "the switched host goes back")
            #expect(try await releases.take(0).isEmpty, "the unreachable host is not known to have switched")
        }
    }

    @Test("a parked poll is handed its job by the dispatch itself; jobs handed to a poll that had gone are queued again")
    func handOff() async throws {
        try await withRunningApp { app in
            let releases = try await ReleaseFixture.make(in: app, agents: 1)
            async let parked = app.agentSend("GET", "/agent/v1/jobs?wait=30", Optional<String>.none, token: releases.agents[0].token, session: "s0")
            while app.app.agentHub.parkedCount == 0 { await Task.yield() }
            let id = try await releases.start("1.0.0")
            let answer = try await parked
            #expect(answer.status == 200)
            let jobs = try RunningApp.agentDecoder.decode(JobsResponse.self, from: Data(answer.body)).jobs
            #expect(jobs.map(\.releaseID) == [id])
            let stored = try await app.store.read { db in try db.job(id: jobs[0].id) }
            #expect(stored.state == .delivered && stored.deliveredAt == stored.queuedAt, "delivered in the transaction that queued it")

            try await app.store.write { db in try db.undeliverJobs([jobs[0].id], session: "s0") }
            #expect(try await app.store.read { db in try db.job(id: jobs[0].id) }.state == .queued)
            #expect(try await releases.take(0).map(\.id) == [jobs[0].id], "the same session gets it again at once")
        }
    }
}
