import Core
import Foundation
import Storage
import Testing

/// `/environments/{id}/edit` and `POST /environments/{id}`.
struct EnvironmentsPagesTests {
    @Test("an admin edits every field through a signed-in browser form")
    func edit() async throws {
        try await withRunningApp { app in
            try await app.makeUser("ada", isAdmin: true)
            let id = try await app.makeEnvironment("staging", rank: 5)
            let session = try await app.signIn("ada")
            let form = try await app.open("/environments/\(id)/edit", as: session)
            #expect(form.status == 200 && form.text.contains(#"name="name" value="staging""#) && form.text.contains(#"name="rank" value="5""#))
            let saved = try await app.submit("/environments/\(id)", ["name": "preprod", "rank": "7", "isProtected": "1", "needsApproval": "1"],
                                             as: session)
            #expect(saved.status == 303 && saved.header("Location") == "/environments")
            let environment = try await app.store.read { db in try db.environment(id: id) }
            #expect(environment == Environment(id: id, name: "preprod", rank: 7, isProtected: true, needsApproval: true))
            #expect(try await app.auditRows().first?.entry.action == "environment.update")
            let edited = try await app.open("/environments/\(id)/edit", as: session).text
            #expect(edited.contains(#"name="isProtected" value="1" checked"#) && edited.contains(#"name="needsApproval" value="1" checked"#))
        }
    }

    @Test("a taken name or rank is a 409 with the message next to that field, and what was typed stays",
          arguments: [("name", "production", "an environment named production already exists"),
                      ("rank", "10", "another environment has rank 10"), ("rank", "high", "rank must be a whole number")])
    func conflicts(field: String, value: String, message: String) async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let staging = try await app.store.write { db in try db.createEnvironment(EnvironmentDraft(name: "staging", rank: 5)).id }
            var fields = ["name": "staging", "rank": "5"]
            fields[field] = value
            let body = fields.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            let page = try await app.send("POST", "/environments/\(staging)", as: fleet.user("admin"), form: body)
            #expect(page.status == (value == "high" ? 422 : 409))
            let html = page.text
            let input = try #require(html.range(of: #"name="\#(field)" value="\#(value)""#))
            let error = try #require(html.range(of: #"<p class="field-error">\#(message)</p>"#))
            #expect(input.upperBound < error.lowerBound)
            let next = field == "name" ? #"name="rank""# : #"name="isProtected""#
            #expect(try error.upperBound < #require(html.range(of: next)).lowerBound)
            #expect(try await app.store.read { db in try db.environment(id: staging) }.name == "staging")
        }
    }

    @Test("only admins may edit")
    func adminsOnly() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let path = "/environments/\(fleet.environment.id)"
            #expect(try await app.get(path + "/edit", as: fleet.user("owner")).status == 403)
            #expect(try await app.send("POST", path, as: fleet.user("owner"), form: "name=prod&rank=1").status == 403)
            let list = try await app.get("/environments", as: fleet.user("admin")).text
            #expect(list.contains(#"<a href="\#(path)/edit">Edit</a>"#))
        }
    }
}
