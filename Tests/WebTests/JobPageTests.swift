import Core
import Foundation
import Storage
import Testing
@testable import Web

/// `GET /jobs/{id}`: a job's steps and log as a page, for whoever may view its machine's group.
struct JobPageTests {
    @Test("the job page shows the steps and the log, escaped, and links the release and the machine")
    func showsStepsAndLog() async throws {
        try await withRunningApp { app in
            let setup = try await AgentJobsAPITests.setUp(app)
            let job = try await app.queueJobs(application: setup.application, package: setup.package, machines: [setup.agent.machineID],
                                              fixture: setup.fixture)[0]
            let now = app.clock.now()
            let failed = StepRecord(step: .healthCheck, startedAt: now, finishedAt: now, outcome: .failed, exitStatus: 7, message: "HTTP 503")
            let result = JobResult(jobID: job.id, outcome: .failed, message: "health check failed", startedAt: now, finishedAt: now,
                                   steps: [failed], logBytes: 22)
            let events = JobEvents(session: "a", started: now, steps: [failed], logOffset: 0, log: "starting <app>\nfailed\n", result: result)
            #expect(try await app.agentSend("POST", "/agent/v1/jobs/\(job.id)/events", events, token: setup.agent.token).status == 200)
            let session = try await app.signIn(setup.fixture.admin.login)
            let page = try await app.open("/jobs/\(job.id)", as: session)
            #expect(page.status == 200)
            let html = page.text
            #expect(html.contains(#"<pre class="log">starting &lt;app&gt;"#) && !html.contains("<app>"))
            #expect(html.contains("<td>healthCheck</td>") && html.contains("<td>7</td>") && html.contains("<td>HTTP 503</td>"))
            #expect(html.contains(#"<a href="/releases/\#(job.releaseID)">Release \#(job.releaseID)</a>"#))
            #expect(html.contains(#"<a href="/machines/\#(setup.agent.machineID)">web-1</a>"#) && html.contains("health check failed"))
            let machine = try await app.open("/machines/\(setup.agent.machineID)", as: session).text
            #expect(machine.contains(#"<a href="/jobs/\#(job.id)">\#(job.id)</a>"#))
            try await app.makeUser("stranger")
            #expect(try await app.open("/jobs/\(job.id)", as: try await app.signIn("stranger")).status == 404)
        }
    }
}
