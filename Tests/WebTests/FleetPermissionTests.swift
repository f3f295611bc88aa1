import Core
import Foundation
import Storage
import Testing

/// Every fleet route against every kind of caller, on objects in group G: admin, auditor, owner /
/// deployer / viewer of G, and an owner of another group H only (to whom G does not exist).
struct FleetPermissionTests {
    /// One request and the status each role should get, in `FleetFixture.roles` order:
    /// admin, auditor, owner, deployer, viewer, outsider.
    struct Check: Sendable {
        let method: String
        let path: @Sendable (FleetFixture, Int64) -> String
        var json: (@Sendable (FleetFixture, String) -> String)? = nil
        let expected: [Int]
    }

    // Reads and non-destructive writes first, deletes last: every role starts from a fresh fleet.
    static let checks: [Check] = [
        Check(method: "GET", path: { _, _ in "/api/v1/groups" }, expected: [200, 200, 200, 200, 200, 200]),
        Check(method: "GET", path: { f, _ in "/api/v1/groups/\(f.g.id)" }, expected: [200, 200, 200, 200, 200, 404]),
        Check(method: "GET", path: { f, _ in "/api/v1/groups/\(f.g.id)/members" }, expected: [200, 200, 200, 200, 200, 404]),
        Check(method: "PATCH", path: { f, _ in "/api/v1/groups/\(f.g.id)" }, json: { _, _ in #"{"description":"web tier"}"# },
              expected: [200, 403, 200, 403, 403, 404]),
        Check(method: "POST", path: { _, _ in "/api/v1/groups" }, json: { _, role in #"{"name":"top-\#(role)"}"# },
              expected: [201, 403, 403, 403, 403, 403]),
        Check(method: "POST", path: { _, _ in "/api/v1/groups" }, json: { f, role in #"{"name":"sub-\#(role)","parentID":"\#(f.g.id)"}"# },
              expected: [201, 403, 201, 403, 403, 404]),
        Check(method: "GET", path: { _, _ in "/api/v1/environments" }, expected: [200, 200, 200, 200, 200, 200]),
        Check(method: "POST", path: { _, _ in "/api/v1/environments" }, json: { _, _ in #"{"name":"staging","rank":5}"# },
              expected: [201, 403, 403, 403, 403, 403]),
        Check(method: "PATCH", path: { f, _ in "/api/v1/environments/\(f.environment.id)" }, json: { _, _ in #"{"needsApproval":true}"# },
              expected: [200, 403, 403, 403, 403, 403]),
        Check(method: "GET", path: { _, _ in "/api/v1/machines" }, expected: [200, 200, 200, 200, 200, 200]),
        Check(method: "GET", path: { f, _ in "/api/v1/machines?group=\(f.g.id)" }, expected: [200, 200, 200, 200, 200, 404]),
        Check(method: "GET", path: { f, _ in "/api/v1/machines/\(f.machineInG.id)" }, expected: [200, 200, 200, 200, 200, 404]),
        Check(method: "GET", path: { f, _ in "/api/v1/machines/\(f.machineInG.id)/events" }, expected: [200, 200, 200, 200, 200, 404]),
        Check(method: "POST", path: { _, _ in "/api/v1/machines" },
              json: { f, role in #"{"hostname":"new-\#(role)","groupID":"\#(f.g.id)","environmentID":"\#(f.environment.id)"}"# },
              expected: [201, 403, 201, 403, 403, 404]),
        Check(method: "PATCH", path: { f, _ in "/api/v1/machines/\(f.machineInG.id)" }, json: { _, _ in #"{"datacenter":"fra1"}"# },
              expected: [200, 403, 200, 403, 403, 404]),
        // Moving into H needs manage there too; H is hidden from G's owner.
        Check(method: "PATCH", path: { f, _ in "/api/v1/machines/\(f.machineInG.id)" }, json: { f, _ in #"{"groupID":"\#(f.h.id)"}"# },
              expected: [200, 403, 404, 403, 403, 404]),
        Check(method: "GET", path: { f, _ in "/api/v1/groups/\(f.g.id)/enrollment-tokens" }, expected: [200, 403, 200, 403, 403, 404]),
        Check(method: "POST", path: { f, _ in "/api/v1/groups/\(f.g.id)/enrollment-tokens" },
              json: { f, _ in #"{"environmentID":"\#(f.environment.id)","uses":5,"expiresAt":"2099-01-01T00:00:00Z"}"# },
              expected: [201, 403, 201, 403, 403, 404]),
        Check(method: "DELETE", path: { _, token in "/api/v1/enrollment-tokens/\(token)" }, expected: [204, 403, 204, 403, 403, 404]),
        Check(method: "GET", path: { _, _ in "/api/v1/audit" }, expected: [200, 200, 403, 403, 403, 403]),
        Check(method: "GET", path: { _, _ in "/machines" }, expected: [200, 200, 200, 200, 200, 200]),
        Check(method: "GET", path: { f, _ in "/machines/\(f.machineInG.id)" }, expected: [200, 200, 200, 200, 200, 404]),
        Check(method: "GET", path: { f, _ in "/machines/\(f.machineInG.id)/edit" }, expected: [200, 403, 200, 403, 403, 404]),
        Check(method: "GET", path: { _, _ in "/groups" }, expected: [200, 200, 200, 200, 200, 200]),
        Check(method: "GET", path: { _, _ in "/environments" }, expected: [200, 200, 200, 200, 200, 200]),
        Check(method: "GET", path: { _, _ in "/audit" }, expected: [200, 200, 403, 403, 403, 403]),
        Check(method: "GET", path: { f, _ in "/groups/\(f.g.id)" }, expected: [200, 200, 200, 200, 200, 404]),
        Check(method: "GET", path: { f, _ in "/api/v1/machines/counts?group=\(f.g.id)" }, expected: [200, 200, 200, 200, 200, 404]),
        Check(method: "GET", path: { f, _ in "/environments/\(f.environment.id)/edit" }, expected: [200, 403, 403, 403, 403, 403]),
        Check(method: "DELETE", path: { f, _ in "/api/v1/machines/\(f.machineInG.id)" }, expected: [204, 403, 204, 403, 403, 404]),
        Check(method: "DELETE", path: { f, _ in "/api/v1/groups/\(f.g1.id)" }, expected: [204, 403, 204, 403, 403, 404]),
        Check(method: "DELETE", path: { f, _ in "/api/v1/environments/\(f.environment.id)" }, expected: [409, 403, 403, 403, 403, 403]),
    ]

    @Test("each role gets the expected status from every fleet route", arguments: FleetFixture.roles)
    func matrix(role: String) async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let token = try await app.store.write { db in
                try db.createEnrollmentToken(EnrollmentTokenDraft(groupID: fleet.g.id, environmentID: fleet.environment.id, uses: 1,
                                                                  expiresAt: Date().addingTimeInterval(3600)), now: Date()).enrollmentToken.id
            }
            let column = FleetFixture.roles.firstIndex(of: role)!
            for check in Self.checks {
                let path = check.path(fleet, token)
                let response = try await app.send(check.method, path, as: fleet.user(role), json: check.json?(fleet, role))
                #expect(response.status == check.expected[column], "\(role): \(check.method) \(path) → \(response.status) \(response.text.prefix(200))")
            }
        }
    }

    @Test("without a caller the API answers 401 and pages send the browser to sign in")
    func unauthenticated() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            for check in Self.checks {
                let path = check.path(fleet, 1)
                let response = try await app.send(check.method, path, as: nil, json: check.json?(fleet, "anonymous"))
                let expected = path.hasPrefix("/api/") ? 401 : 303
                #expect(response.status == expected, "\(check.method) \(path)")
            }
        }
    }

    @Test("a hidden machine and a missing one answer the same 404")
    func hiddenLooksMissing() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let hidden = try await app.get("/api/v1/machines/\(fleet.machineInG.id)", as: fleet.user("outsider"))
            let missing = try await app.get("/api/v1/machines/999999", as: fleet.user("outsider"))
            #expect(hidden.status == 404 && missing.status == 404)
            #expect(try hidden.errorObject()["message"] as? String == "no machine with id \(fleet.machineInG.id)")
            #expect(try missing.errorObject()["message"] as? String == "no machine with id 999999")
        }
    }

    @Test("lists show only what the caller can see")
    func listsAreFiltered() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let machines = try await app.get("/api/v1/machines", as: fleet.user("outsider")).json()["items"] as? [[String: Any]]
            #expect(machines?.compactMap { $0["hostname"] as? String } == ["db-1"])
            let groups = try await app.get("/api/v1/groups", as: fleet.user("viewer")).json()["items"] as? [[String: Any]]
            #expect(Set(groups?.compactMap { $0["name"] as? String } ?? []) == ["G", "G1"])
            let all = try await app.get("/api/v1/machines", as: fleet.user("auditor")).json()["items"] as? [[String: Any]]
            #expect(all?.count == 2)
        }
    }

    @Test("an API token limited to group H cannot read or change a machine in G")
    func tokenScope() async throws {
        try await withFleetApp { app in
            let fleet = try FleetFixture.make(in: app.store)
            let admin = fleet.user("admin")
            let scope = "group:\(fleet.h.id)"
            let inG = "/api/v1/machines/\(fleet.machineInG.id)"
            #expect(try await app.get(inG, as: admin, scope: scope).status == 404)
            #expect(try await app.send("PATCH", inG, as: admin, json: #"{"os":"x"}"#, scope: scope).status == 404)
            #expect(try await app.send("DELETE", inG, as: admin, scope: scope).status == 404)
            #expect(try await app.get("/api/v1/machines/\(fleet.machineInH.id)", as: admin, scope: scope).status == 200)
            let listed = try await app.get("/api/v1/machines", as: admin, scope: scope).json()["items"] as? [[String: Any]]
            #expect(listed?.compactMap { $0["hostname"] as? String } == ["db-1"])
            // A token never administers, even an admin's covering every group.
            let environment = try await app.send("POST", "/api/v1/environments", as: admin, json: #"{"name":"qa","rank":3}"#, scope: "group:*")
            #expect(environment.status == 403)
        }
    }
}
