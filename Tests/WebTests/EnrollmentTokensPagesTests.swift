import Core
import Foundation
import Storage
import Testing

/// The enrollment tokens of a group's page, through a signed-in browser (CSRF as a form field).
struct EnrollmentTokensPagesTests {
    /// A group, an environment, an owner and a viewer of the group, both signed in.
    struct Setup {
        let groupID: Int64
        let environmentID: Int64
        let owner: BrowserSession
        let viewer: BrowserSession

        /// A token of the group written straight to the store, valid for an hour.
        func makeToken(in app: RunningApp, uses: Int) async throws -> EnrollmentToken {
            let draft = EnrollmentTokenDraft(groupID: groupID, environmentID: environmentID, uses: uses, expiresAt: Date().addingTimeInterval(3600))
            return try await app.store.write { db in try db.createEnrollmentToken(draft, now: Date()).enrollmentToken }
        }
    }

    static func setUp(_ app: RunningApp) async throws -> Setup {
        let groupID = try await app.makeGroup("web")
        let environmentID = try await app.makeEnvironment("production", rank: 10)
        try await app.makeUser("olga", roles: [groupID: .owner])
        try await app.makeUser("vic", roles: [groupID: .viewer])
        return Setup(groupID: groupID, environmentID: environmentID, owner: try await app.signIn("olga"), viewer: try await app.signIn("vic"))
    }

    @Test("an owner creates a token and sees it, with the agent's command line, only once")
    func createShowsOnce() async throws {
        try await withRunningApp { app in
            let setup = try await Self.setUp(app)
            let fields = ["environmentID": String(setup.environmentID), "uses": "5", "expiresIn": "2", "expiresUnit": "days"]
            let now = app.clock.now()
            let created = try await app.submit("/groups/\(setup.groupID)/enrollment-tokens", fields, as: setup.owner)
            #expect(created.status == 201)
            let token = try #require(created.text.firstMatch(of: /<code class="secret">(cen_[A-Za-z0-9_-]+)<\/code>/)?.1)
            #expect(created.text.contains("capstan-agent enroll --server http://127.0.0.1:\(app.port) --token \(token)"))
            let stored = try await app.store.read { db in try db.enrollmentTokens(groupID: setup.groupID) }
            #expect(stored.count == 1 && stored[0].usesLeft == 5 && stored[0].environmentID == setup.environmentID)
            #expect(abs(stored[0].expiresAt.timeIntervalSince(now.addingTimeInterval(2 * 86_400))) < 0.001)
            let again = try await app.open("/groups/\(setup.groupID)", as: setup.owner)
            #expect(again.status == 200)
            #expect(!again.text.contains(String(token)), "the token is shown only in the answer that created it")
            #expect(again.text.contains("<td>production</td><td>5</td>"))
            let hash = try await app.store.read { db in try String.fetchOne(db, sql: "SELECT tokenHash FROM enrollmentToken") }
            #expect(!again.text.contains(try #require(hash)))
            let audit = try await app.auditRows().first
            #expect(audit?.entry.action == "enrollmentToken.create" && audit?.entry.actor == "olga" && audit?.entry.targetID == String(stored[0].id))
        }
    }

    @Test("a viewer sees no tokens and is refused with 403")
    func viewerRefused() async throws {
        try await withRunningApp { app in
            let setup = try await Self.setUp(app)
            let token = try await setup.makeToken(in: app, uses: 1)
            let page = try await app.open("/groups/\(setup.groupID)", as: setup.viewer)
            #expect(page.status == 200 && !page.text.contains("Enrollment tokens") && !page.text.contains("enrollment-tokens"))
            let fields = ["environmentID": String(setup.environmentID), "uses": "1", "expiresIn": "1", "expiresUnit": "hours"]
            #expect(try await app.submit("/groups/\(setup.groupID)/enrollment-tokens", fields, as: setup.viewer).status == 403)
            #expect(try await app.submit("/enrollment-tokens/\(token.id)/revoke", [:], as: setup.viewer).status == 403)
            #expect(try await app.store.read { db in try db.enrollmentTokens(groupID: setup.groupID) }.count == 1)
        }
    }

    @Test("revoking deletes the token, returns to the group's page and writes an audit row")
    func revoke() async throws {
        try await withRunningApp { app in
            let setup = try await Self.setUp(app)
            let token = try await setup.makeToken(in: app, uses: 3)
            let id = token.id
            let listed = try await app.open("/groups/\(setup.groupID)", as: setup.owner).text
            #expect(listed.contains(#"action="/enrollment-tokens/\#(id)/revoke""#))
            let revoked = try await app.submit("/enrollment-tokens/\(id)/revoke", [:], as: setup.owner)
            #expect(revoked.status == 303 && revoked.header("Location") == "/groups/\(setup.groupID)")
            #expect(try await app.store.read { db in try db.enrollmentTokens(groupID: setup.groupID) }.isEmpty)
            let audit = try await app.auditRows().first
            #expect(audit?.entry.action == "enrollmentToken.revoke" && audit?.entry.targetID == String(id))
        }
    }

    @Test("a refused token form comes back with the message by the field and what was typed",
          arguments: [("uses", "0", "uses must be between 1"), ("expiresIn", "400", "at most 365 days"), ("expiresIn", "soon", "whole number")])
    func refused(field: String, value: String, message: String) async throws {
        try await withRunningApp { app in
            let setup = try await Self.setUp(app)
            var fields = ["environmentID": String(setup.environmentID), "uses": "2", "expiresIn": "3", "expiresUnit": "days"]
            fields[field] = value
            let page = try await app.submit("/groups/\(setup.groupID)/enrollment-tokens", fields, as: setup.owner)
            #expect(page.status == 422)
            let html = page.text
            let input = try #require(html.range(of: #"name="\#(field)" value="\#(value)""#))
            let error = try #require(html.range(of: #"<p class="field-error">"#, range: input.upperBound..<html.endIndex))
            let shown = html[error.upperBound...].prefix { $0 != "<" }
            #expect(shown.contains(message), "\(shown)")
            #expect(html.contains(#"<option value="days" selected>days</option>"#))
            #expect(try await app.store.read { db in try db.enrollmentTokens(groupID: setup.groupID) }.isEmpty)
        }
    }
}
