import Core
import Foundation
import Storage
import Testing

struct AuditAPITests {
    @Test("every fleet write leaves one audit row with actor, action, target and address")
    func everyWriteIsAudited() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let admin = fleet.user("admin")
            var ids: [String: String] = [:]
            func send(_ method: String, _ path: String, _ json: String? = nil) async throws -> [String: Any] {
                let response = try await app.send(method, path, as: admin, json: json)
                #expect((200..<300).contains(response.status), "\(method) \(path): \(response.text)")
                return response.body.isEmpty ? [:] : try response.json()
            }
            ids["group"] = try await send("POST", "/api/v1/groups", #"{"name":"Payments"}"#)["id"] as? String
            _ = try await send("PATCH", "/api/v1/groups/\(ids["group"]!)", #"{"description":"cards"}"#)
            ids["environment"] = try await send("POST", "/api/v1/environments", #"{"name":"qa","rank":2}"#)["id"] as? String
            _ = try await send("PATCH", "/api/v1/environments/\(ids["environment"]!)", #"{"isProtected":true}"#)
            ids["machine"] = try await send("POST", "/api/v1/machines",
                #"{"hostname":"pay-1","groupID":"\#(ids["group"]!)","environmentID":"\#(ids["environment"]!)"}"#)["id"] as? String
            _ = try await send("PATCH", "/api/v1/machines/\(ids["machine"]!)", #"{"state":"active"}"#)
            ids["enrollmentToken"] = try await send("POST", "/api/v1/groups/\(ids["group"]!)/enrollment-tokens",
                #"{"environmentID":"\#(ids["environment"]!)","uses":1,"expiresAt":"2099-01-01T00:00:00Z"}"#)["id"] as? String
            _ = try await send("DELETE", "/api/v1/enrollment-tokens/\(ids["enrollmentToken"]!)")
            _ = try await send("DELETE", "/api/v1/machines/\(ids["machine"]!)")
            _ = try await send("DELETE", "/api/v1/environments/\(ids["environment"]!)")
            _ = try await send("DELETE", "/api/v1/groups/\(ids["group"]!)")
            let rows = try await app.get("/api/v1/audit", as: fleet.user("auditor")).json()["items"] as? [[String: Any]] ?? []
            #expect(rows.compactMap { $0["action"] as? String }.reversed() == [
                "group.create", "group.update", "environment.create", "environment.update", "machine.create", "machine.update",
                "enrollmentToken.create", "enrollmentToken.revoke", "machine.delete", "environment.delete", "group.delete",
            ])
            #expect(rows.allSatisfy { $0["actor"] as? String == "admin" && $0["remoteAddress"] as? String == "127.0.0.1" })
            #expect(rows.first?["targetType"] as? String == "group" && rows.first?["targetID"] as? String == ids["group"])
            let chainBreak = try await app.store.read { db in try db.verifyAuditChain() }
            #expect(chainBreak == nil)
        }
    }

    @Test("a refused write leaves no row")
    func refusedWriteIsNotAudited() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let denied = try await app.send("PATCH", "/api/v1/machines/\(fleet.machineInG.id)", as: fleet.user("viewer"), json: #"{"os":"x"}"#)
            #expect(denied.status == 403)
            let invalid = try await app.send("PATCH", "/api/v1/machines/\(fleet.machineInG.id)", as: fleet.user("owner"), json: #"{"hostname":"-x"}"#)
            #expect(invalid.status == 422)
            let rows = try await app.get("/api/v1/audit", as: fleet.user("admin")).json()["items"] as? [Any]
            #expect(rows?.isEmpty == true)
        }
    }

    @Test("filters by action and time, pages by cursor, and is 403 for a viewer")
    func filtersAndPaging() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            for index in 0..<5 {
                _ = try await app.send("POST", "/api/v1/groups", as: fleet.user("admin"), json: #"{"name":"team-\#(index)"}"#)
            }
            let first = try await app.get("/api/v1/audit?action=group.create&limit=3", as: fleet.user("auditor")).json()
            #expect((first["items"] as? [Any])?.count == 3)
            let cursor = try #require(first["nextCursor"] as? String)
            let second = try await app.get("/api/v1/audit?action=group.create&limit=3&cursor=\(cursor)", as: fleet.user("auditor")).json()
            #expect((second["items"] as? [Any])?.count == 2 && second["nextCursor"] is NSNull)
            let future = try await app.get("/api/v1/audit?from=2999-01-01T00:00:00Z", as: fleet.user("auditor")).json()
            #expect((future["items"] as? [Any])?.isEmpty == true)
            let badTime = try await app.get("/api/v1/audit?from=yesterday", as: fleet.user("auditor"))
            #expect(badTime.status == 422)
            #expect(try badTime.errorObject()["field"] as? String == "from")
            #expect(try await app.get("/api/v1/audit", as: fleet.user("viewer")).status == 403)
        }
    }
}
