import Core
import Foundation
import GRDB
import Storage
import Testing
@testable import Web

/// The deploy review page (`GET /applications/{name}/deploy`): what a release would do before anyone
/// confirms it, refusals shown on the application page, and nothing created by looking.
struct DeployReviewTests {
    @Test("the review names the environment, the hosts and batches, the version replaced, and posts the release")
    func reviewsAndConfirms() async throws {
        try await withRunningApp { app in
            _ = try await ReleasePageFixture.make(in: app, hosts: 6)
            let dora = try await app.signIn("dora")
            let page = try await app.open("/applications/web/deploy?version=1.1.0&environment=staging", as: dora)
            #expect(page.status == 200)
            let html = page.text
            #expect(html.contains("<h1>Deploy web 1.1.0 to staging</h1>"))
            // The default strategy is batches of 25%: 6 hosts make batches of 2, 2 and 2.
            #expect(html.contains(#">6 hosts</a> in 3 batches</dd>"#), "\(html)")
            #expect(html.matches(of: /<tr><th scope="row">\d<\/th><td>2 hosts<\/td><td>ams1, fra1<\/td><\/tr>/).count == 3)
            #expect(html.contains("<dd>web-001, web-002 </dd>"), "the first batch's hosts are named")
            #expect(html.contains("nothing: no release of web has succeeded in staging yet"))
            #expect(!html.contains("data-approval"), "staging needs no approval")
            #expect(html.contains(#"data-confirm="Deploy web 1.1.0 to staging? 6 hosts in 3 batches.""#))
            #expect(html.contains(#"<button type="submit" class="primary">Deploy 1.1.0 to staging</button>"#))
            #expect(html.contains(#"<input type="hidden" name="version" value="1.1.0">"#)
                    && html.contains(#"<input type="hidden" name="environment" value="staging">"#))
            #expect(try await app.store.read { db in try db.releases(matching: ReleaseQuery()) }.isEmpty, "looking creates nothing")

            let first = try #require(try await app.deploy("1.0.0", to: "staging", as: dora).id)
            await app.settle()
            try await app.store.write { db in
                try db.execute(sql: "UPDATE release SET state = 'succeeded', finishedAt = createdAt WHERE id = ?", arguments: [first])
            }
            let again = try await app.open("/applications/web/deploy?version=1.1.0&environment=staging", as: dora).text
            #expect(again.contains("<dt>Replaces</dt><dd>1.0.0</dd>"))
        }
    }

    @Test("an environment that needs an approval says who can give it")
    func namesApprovers() async throws {
        try await withRunningApp { app in
            _ = try await ReleasePageFixture.make(in: app, stagingNeedsApproval: true)
            let html = try await app.open("/applications/web/deploy?version=1.1.0&environment=staging", as: try await app.signIn("dora")).text
                .replacing(/\s+/, with: " ")
            // dave is the other deployer; admin may deploy everywhere; vera only views and olga is another group's.
            #expect(html.contains("staging needs an approval: the release waits until one of admin, dave approves it on its page."), "\(html)")
            #expect(html.contains("It starts once someone else approves it."))
        }
    }

    @Test("a review that would be refused shows the application page with the message next to its field")
    func refusals() async throws {
        try await withRunningApp { app in
            _ = try await ReleasePageFixture.make(in: app, production: true)
            let dora = try await app.signIn("dora")
            let unknown = try await app.open("/applications/web/deploy?version=9.9.9&environment=staging", as: dora)
            #expect(unknown.status == 422 && unknown.text.contains(#"<p class="field-error">web has no version 9.9.9</p>"#))
            let noEnvironment = try await app.open("/applications/web/deploy?version=1.1.0&environment=", as: dora)
            #expect(noEnvironment.status == 422 && noEnvironment.text.contains(#"<p class="field-error">no environment named </p>"#))
            let gated = try await app.open("/applications/web/deploy?version=1.1.0&environment=production", as: dora)
            #expect(gated.status == 409 && gated.text.contains("has no succeeded release in staging"))
            let viewer = try await app.open("/applications/web/deploy?version=1.1.0&environment=staging", as: try await app.signIn("vera"))
            #expect(viewer.status == 403)
            let stranger = try await app.open("/applications/web/deploy?version=1.1.0&environment=staging", as: try await app.signIn("olga"))
            #expect(stranger.status == 404)
        }
    }

    @Test("the review can give this release a strategy and hosts of its own; the confirmation starts exactly that release")
    func changesTheRelease() async throws {
        try await withRunningApp { app in
            let fixture = try await ReleasePageFixture.make(in: app, hosts: 6)
            let dora = try await app.signIn("dora")
            let query = "version=1.1.0&environment=staging&custom=1&batchSize=1,%20100%25&maxParallel=1&failureLimit=0&pause=afterFirst"
                + "&hostTimeout=600&hosts=web-002%20WEB-004,web-006"
            let page = try await app.open("/applications/web/deploy?\(query)", as: dora)
            #expect(page.status == 200, "\(page.text)")
            let html = page.text
            #expect(html.contains(#">3 hosts</a> in 2 batches (chosen by name for this release)</dd>"#), "\(html)")
            #expect(html.contains("(for this release only; the application's default: "), "template text, not escaped")
            #expect(html.contains(/<dt>First batch<\/dt><dd>web-00[246] <\/dd>/), "the first batch is one of the hosts named")
            #expect(html.contains("<details class=\"change\" open>"))
            for (name, value) in [("custom", "1"), ("batchSize", "1, 100%"), ("maxParallel", "1"), ("pause", "afterFirst"), ("hosts", "web-002 WEB-004,web-006")] {
                #expect(html.contains(#"<input type="hidden" name="\#(name)" value="\#(value)">"#), "\(name) is carried to the confirmation")
            }
            #expect(try await app.store.read { db in try db.releases(matching: ReleaseQuery()) }.isEmpty, "looking creates nothing")

            let fields = ["version": "1.1.0", "environment": "staging", "custom": "1", "batchSize": "1, 100%", "maxParallel": "1",
                          "failureLimit": "0", "pause": "afterFirst", "hostTimeout": "600", "hosts": "web-002 WEB-004,web-006"]
            let response = try await app.submit("/applications/web/deploy", fields, as: dora)
            let id = try #require(response.header("Location")?.firstMatch(of: /^\/releases\/(\d+)$/).flatMap { Int64($0.1) }, "\(response.text)")
            let release = try await app.release(id)
            #expect(release.strategy == ReleaseStrategy(batchSizes: [.count(1), .percent(100)], maxParallel: 1, failureLimit: .count(0),
                                                        pause: .afterFirst, autoRollback: false, byDatacenter: false, bake: nil, hostTimeout: 600))
            let hosts = try await app.store.read { db in try db.releaseHosts(releaseID: id, limit: 100).map(\.job.machineID) }
            let chosen = fixture.machines.filter { ["web-002", "web-004", "web-006"].contains($0.hostname) }.map(\.id)
            #expect(Set(hosts) == Set(chosen))
            let application = try await app.store.read { db in try db.application(named: "web") }
            #expect(application.defaultStrategy == fixture.application.defaultStrategy, "the application's default is untouched")
        }
    }

    @Test("a refused change is shown next to its field, over the release without it, and starts nothing", arguments: [
        ("batchSize=1,%2050%25", "batchSize", "steps must end at"),
        ("maxParallel=0", "maxParallel", "must be 1 to 10000"),
        ("failureLimit=lots", "failureLimit", "failure limit must be a count like 2 or a percentage like 10%"),
        ("hosts=web-001%20db-9", "hosts", "no active machine of web&#39;s group in staging is named db-9"),
    ])
    func refusedChange(change: String, field: String, message: String) async throws {
        try await withRunningApp { app in
            _ = try await ReleasePageFixture.make(in: app, hosts: 6)
            let dora = try await app.signIn("dora")
            var query = ["version": "1.1.0", "environment": "staging", "custom": "1", "batchSize": "25%25", "maxParallel": "2",
                         "failureLimit": "0", "pause": "none", "hostTimeout": "1800"]
            let (key, value) = try #require(change.split(separator: "=", maxSplits: 1).map(String.init).pairs)
            query[key] = value
            let page = try await app.open("/applications/web/deploy?" + query.map { "\($0.key)=\($0.value)" }.joined(separator: "&"), as: dora)
            #expect(page.status == 422)
            let html = page.text
            let fieldError = try #require(html.firstMatch(of: /<p class="field-error">([^<]*)<\/p>/).map { String($0.1) }, "\(html)")
            #expect(fieldError.contains(message), "the message, HTML-escaped")
            let input = try #require(html.range(of: #"name="\#(field)""#)), error = try #require(html.range(of: #"<p class="field-error">"#))
            #expect(input.lowerBound < error.lowerBound, "the message follows its field")
            #expect(html.contains(#">6 hosts</a> in 3 batches</dd>"#), "the plan shown is the release without the change")
            let confirmation = try #require(html.split(separator: "class=\"confirm-deploy\"").last)
            #expect(!confirmation.contains(#"<input type="hidden" name="custom""#), "a refused change is not carried")
            #expect(html.contains("<details class=\"change\" open>"))
            let posted = try await app.submit("/applications/web/deploy", ["version": "1.1.0", "environment": "staging", "custom": "1",
                                                                          "batchSize": "1, 50%", "maxParallel": "1", "failureLimit": "0",
                                                                          "pause": "none", "hostTimeout": "1800"], as: dora)
            #expect(posted.status == 422, "a bad change sent straight to the confirmation is refused too")
            #expect(try await app.store.read { db in try db.releases(matching: ReleaseQuery()) }.isEmpty)
        }
    }
}

private extension Array where Element == String {
    /// `[key, value]` as a pair; nil for any other count.
    var pairs: (String, String)? { count == 2 ? (self[0], self[1]) : nil }
}
