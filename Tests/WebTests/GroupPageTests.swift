import Core
import Foundation
import Storage
import Testing

/// `/groups/{id}`: what a group holds, and moving it through its edit form.
struct GroupPageTests {
    @Test("the page lists subgroups, members with roles and machine totals, subgroups included")
    func showsContents() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            try await app.store.write { db in
                _ = try db.createMachine(MachineDraft(hostname: "web-2", groupID: fleet.g1.id, environmentID: fleet.environment.id), now: Date())
                try db.execute(sql: "UPDATE machine SET lastSeenAt = ? WHERE hostname = 'web-1'", arguments: [Date().millisecondsSince1970])
            }
            let html = try await app.get("/groups/\(fleet.g.id)", as: fleet.user("viewer")).text
            #expect(html.contains("<h1>G</h1>") && html.contains(#"<li><a href="/groups/\#(fleet.g1.id)">G1</a></li>"#))
            for (login, role) in [("owner", "owner"), ("deployer", "deployer"), ("viewer", "viewer")] {
                #expect(html.contains("<tr><td>\(login)</td><td></td><td>\(role)</td></tr>"))
            }
            #expect(html.contains("<strong>2</strong> machines, subgroups included · 1 online · 1 offline"))
            #expect(!html.contains("db-1") && !html.contains(#"name="parentID""#), "a viewer gets no edit form")
            let sub = try await app.get("/groups/\(fleet.g1.id)", as: fleet.user("viewer")).text
            #expect(sub.contains(#"<a href="/groups/\#(fleet.g.id)">G</a>"#) && sub.contains("<strong>1</strong> machines"))
        }
    }

    @Test("an admin moves a group under another and back to the top level")
    func move() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let admin = fleet.user("admin")
            let form = try await app.get("/groups/\(fleet.h.id)", as: admin).text
            #expect(form.contains(#"<option value="" selected>(top level)</option>"#) && form.contains(#"<option value="\#(fleet.g1.id)">G1</option>"#))
            let moved = try await app.send("POST", "/groups/\(fleet.h.id)", as: admin, form: "name=H&description=&parentID=\(fleet.g1.id)")
            #expect(moved.status == 303 && moved.header("Location") == "/groups/\(fleet.h.id)")
            #expect(try await app.store.read { db in try db.group(id: fleet.h.id) }.parentID == fleet.g1.id)
            let page = try await app.get("/groups/\(fleet.h.id)", as: admin).text
            #expect(page.contains(#"<option value="\#(fleet.g1.id)" selected>G1</option>"#))
            let back = try await app.send("POST", "/groups/\(fleet.h.id)", as: admin, form: "name=H&description=&parentID=")
            #expect(back.status == 303)
            #expect(try await app.store.read { db in try db.group(id: fleet.h.id) }.parentID == nil)
            let audit = try await app.store.read { db in try db.auditRecords(matching: AuditQuery(action: "group.update", limit: 5)) }
            #expect(audit.count == 2)
        }
    }

    @Test("moving a group under its own subgroup is refused next to the parent field")
    func refusesCycle() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let form = try await app.get("/groups/\(fleet.g.id)", as: fleet.user("admin")).text
            #expect(!form.contains(#"<option value="\#(fleet.g1.id)""#), "its own subgroup is not offered")
            let page = try await app.send("POST", "/groups/\(fleet.g.id)", as: fleet.user("admin"), form: "name=G&description=&parentID=\(fleet.g1.id)")
            #expect(page.status == 409)
            let html = page.text
            let select = try #require(html.range(of: #"<select name="parentID">"#))
            let message = try #require(html.range(of: #"<p class="field-error">a group cannot be moved under itself or its own subgroup</p>"#))
            #expect(select.upperBound < message.lowerBound)
            #expect(try await app.store.read { db in try db.group(id: fleet.g.id) }.parentID == nil)
        }
    }

    @Test("renaming from the list keeps the parent, and an owner of a subgroup keeps a parent they cannot manage")
    func renameKeepsParent() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let renamed = try await app.send("POST", "/groups/\(fleet.g1.id)", as: fleet.user("owner"), form: "name=G1-web&description=web")
            #expect(renamed.status == 303)
            let group = try await app.store.read { db in try db.group(id: fleet.g1.id) }
            #expect(group.name == "G1-web" && group.parentID == fleet.g.id)
            let subOwner = try await app.store.write { db in
                let user = try db.createUser(UserDraft(login: "sub"), passwordHash: nil, now: Date())
                try db.setMembership(Membership(userID: user.id, groupID: fleet.g1.id, role: .owner))
                return user.id
            }
            let form = try await app.get("/groups/\(fleet.g1.id)", as: subOwner).text
            #expect(form.contains(#"<option value="\#(fleet.g.id)" selected>(current parent)</option>"#) && !form.contains("(top level)"))
        }
    }
}
