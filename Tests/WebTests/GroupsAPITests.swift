import Core
import Foundation
import Storage
import Testing

struct GroupsAPITests {
    @Test("deleting a group that holds a machine or a subgroup is refused with 409")
    func deleteNonEmpty() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let admin = fleet.user("admin")
            let response = try await app.send("DELETE", "/api/v1/groups/\(fleet.g.id)", as: admin)
            #expect(response.status == 409)
            #expect((try response.errorObject()["message"] as? String)?.contains("1 machines") == true)
            #expect(try await app.send("DELETE", "/api/v1/machines/\(fleet.machineInH.id)", as: admin).status == 204)
            #expect(try await app.send("DELETE", "/api/v1/groups/\(fleet.h.id)", as: admin).status == 204)
            #expect(try await app.get("/api/v1/groups/\(fleet.h.id)", as: admin).status == 404)
        }
    }

    @Test("a duplicate group name is 409 naming the field, whatever the case")
    func duplicateName() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let response = try await app.send("POST", "/api/v1/groups", as: fleet.user("admin"), json: #"{"name":"g"}"#)
            #expect(response.status == 409)
            #expect(try response.errorObject()["field"] as? String == "name")
            let rename = try await app.send("PATCH", "/api/v1/groups/\(fleet.g1.id)", as: fleet.user("admin"), json: #"{"name":"H"}"#)
            #expect(rename.status == 409)
        }
    }

    @Test("moving: under another group, back to the top with null, never under its own subgroup")
    func move() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let admin = fleet.user("admin")
            let moved = try await app.send("PATCH", "/api/v1/groups/\(fleet.g1.id)", as: admin, json: #"{"parentID":"\#(fleet.h.id)"}"#)
            #expect(try moved.json()["parentID"] as? String == String(fleet.h.id))
            let top = try await app.send("PATCH", "/api/v1/groups/\(fleet.g1.id)", as: admin, json: #"{"parentID":null}"#)
            #expect(try top.json()["parentID"] is NSNull)
            _ = try await app.send("PATCH", "/api/v1/groups/\(fleet.g1.id)", as: admin, json: #"{"parentID":"\#(fleet.g.id)"}"#)
            let cycle = try await app.send("PATCH", "/api/v1/groups/\(fleet.g.id)", as: admin, json: #"{"parentID":"\#(fleet.g1.id)"}"#)
            #expect(cycle.status == 409)
            #expect(try cycle.errorObject()["field"] as? String == "parentID")
            // G's owner may not lift G1 to the top level: that is the admins' tree.
            let owner = try await app.send("PATCH", "/api/v1/groups/\(fleet.g1.id)", as: fleet.user("owner"), json: #"{"parentID":null}"#)
            #expect(owner.status == 403)
        }
    }

    @Test("members lists the direct members with their roles")
    func members() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let members = try await app.get("/api/v1/groups/\(fleet.g.id)/members", as: fleet.user("viewer")).json()["items"] as? [[String: Any]]
            let roles = Dictionary(uniqueKeysWithValues: (members ?? []).map { ($0["login"] as! String, $0["role"] as! String) })
            #expect(roles == ["owner": "owner", "deployer": "deployer", "viewer": "viewer"])
        }
    }

    @Test("an enrollment token is shown once and stored hashed")
    func enrollmentToken() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let path = "/api/v1/groups/\(fleet.g.id)/enrollment-tokens"
            let body = #"{"environmentID":"\#(fleet.environment.id)","uses":3,"expiresAt":"2099-01-01T00:00:00Z"}"#
            let created = try await app.send("POST", path, as: fleet.user("owner"), json: body)
            #expect(created.status == 201)
            let token = try #require(try created.json()["token"] as? String)
            #expect(token.hasPrefix("cen_"))
            let listed = try await app.get(path, as: fleet.user("owner"))
            #expect(!listed.text.contains(token) && !listed.text.contains("\"token\""))
            let audit = try await app.get("/api/v1/audit?action=enrollmentToken.create", as: fleet.user("admin"))
            #expect(audit.status == 200 && !audit.text.contains(token))
            let past = try await app.send("POST", path, as: fleet.user("owner"), json: body.replacingOccurrences(of: "2099", with: "2001"))
            #expect(past.status == 422)
            #expect(try past.errorObject()["field"] as? String == "expiresAt")
        }
    }
}
