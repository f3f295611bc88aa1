import Core
import Foundation
import Storage
import Testing
@testable import Web

/// The pages that show what agents did: where each version runs (the application page) and a
/// machine's jobs and connectivity (the machine page).
@Suite(.serialized)
struct DeploymentPagesTests {
    /// Finishes `job` as its agent would report it.
    static func finish(_ job: Job, _ outcome: JobOutcome, token: String, app: RunningApp) async throws {
        let now = app.clock.now()
        let result = JobResult(jobID: job.id, outcome: outcome, message: outcome == .succeeded ? "deployed" : "start failed",
                               startedAt: now, finishedAt: now)
        let response = try await app.agentSend("POST", "/agent/v1/jobs/\(job.id)/events", JobEvents(session: "s", result: result), token: token)
        #expect(response.status == 200)
    }

    @Test("the application page says where each version runs, from the newest succeeded job of each host")
    func whereDeployed() async throws {
        try await withRunningApp { app in
            let setup = try await AgentJobsAPITests.setUp(app)
            let second = try await app.enrollAgent(hostname: "web-2", token: setup.fixture.enrollmentToken)
            let archive = try await PackagesAPITests.archive("mkdir bin && echo two > bin/app && tar -czf out.tgz bin")
            let newer = try await app.uploadPackage("web", "2.0.0", archive, headers: setup.fixture.adminHeaders)
            let machines = [setup.agent.machineID, second.machineID]
            let first = try await app.queueJobs(application: setup.application, package: setup.package, machines: machines, fixture: setup.fixture)
            try await Self.finish(first[0], .succeeded, token: setup.agent.token, app: app)
            try await Self.finish(first[1], .succeeded, token: second.token, app: app)
            app.clock.advance(by: 60)
            let upgrade = try await app.queueJobs(application: setup.application, package: newer, machines: machines, fixture: setup.fixture)
            try await Self.finish(upgrade[0], .succeeded, token: setup.agent.token, app: app)
            try await Self.finish(upgrade[1], .failed, token: second.token, app: app)

            let session = try await app.signIn(setup.fixture.admin.login)
            let page = try await app.get("/applications/web", headers: session.headers(csrf: false))
            #expect(page.status == 200)
            let rows = page.text.split(separator: "<tr>").map(String.init)
            #expect(rows.first { $0.contains("<td>2.0.0</td>") }?.contains("staging: 1 host") == true)
            #expect(rows.first { $0.contains("<td>1.0.0</td>") }?.contains("staging: 1 host") == true, "the failed upgrade left web-2 on 1.0.0")

            let machine = try await app.get("/machines/\(second.machineID)", headers: session.headers(csrf: false))
            #expect(machine.text.contains("start failed"))
            #expect(machine.text.contains(">online<"), "no heartbeat for 60 s, but its job report just now is a sign of life")
        }
    }
}
