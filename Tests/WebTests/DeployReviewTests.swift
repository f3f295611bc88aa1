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
}
