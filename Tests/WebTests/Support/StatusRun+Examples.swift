import Core
import Foundation
import Testing
@testable import Web

extension StatusRun {
    /// One request per documented success and per operation-specific error, in an order where
    /// each builds what the next needs.
    mutating func examples() async throws {
        try await access()
        try await fleet()
        try await applications()
        try await releaseRoutes()
        try await webhooks()
        try await statistics()
        try await check("/api/v1/ping", 200, "GET", "/api/v1/ping")
        try await check(OpenAPIDocument.path, 200, "GET", OpenAPIDocument.path)
    }

    private mutating func statistics() async throws {
        try await check("/api/v1/stats", 200, "GET", "/api/v1/stats?group=\(group)")
        try await check("/api/v1/stats", 404, "GET", "/api/v1/stats?group=999999")
        try await check("/api/v1/stats", 422, "GET", "/api/v1/stats?from=yesterday")
        try await check("/api/v1/versions", 200, "GET", "/api/v1/versions")
        try await check("/api/v1/versions", 404, "GET", "/api/v1/versions?environment=nowhere")
        try await check("/api/v1/versions", 422, "GET", "/api/v1/versions?group=abc")
        try await check("/api/v1/exports/releases", 200, "GET", "/api/v1/exports/releases?format=ndjson")
        try await check("/api/v1/exports/releases", 422, "GET", "/api/v1/exports/releases?format=xml")
        try await check("/api/v1/exports/audit", 200, "GET", "/api/v1/exports/audit?format=json")
        try await check("/api/v1/exports/audit", 403, "GET", "/api/v1/exports/audit", headers: viewer)
        try await check("/api/v1/exports/audit", 422, "GET", "/api/v1/exports/audit?from=soon")
    }

    private mutating func access() async throws {
        try await check("/api/v1/account", 200, "GET", "/api/v1/account")
        let someone = try await app.makeUser("someone")
        let token = ["Authorization": "Bearer \(try await app.makeToken(for: someone))"]
        try await check("/api/v1/account/password", 422, "POST", "/api/v1/account/password",
                        json: ["currentPassword": RunningApp.password, "newPassword": "x"], headers: token)
        try await check("/api/v1/account/password", 204, "POST", "/api/v1/account/password",
                        json: ["currentPassword": RunningApp.password, "newPassword": "another horse battery staple"], headers: token)

        try await check("/api/v1/users", 200, "GET", "/api/v1/users")
        try await check("/api/v1/users", 403, "GET", "/api/v1/users", headers: viewer)
        let user = try await check("/api/v1/users", 201, "POST", "/api/v1/users", json: ["login": "newbie", "name": "New"])
        try await check("/api/v1/users", 409, "POST", "/api/v1/users", json: ["login": "newbie"])
        try await check("/api/v1/users", 422, "POST", "/api/v1/users", json: ["login": ""])
        let userID = user["id"] as? String ?? ""
        try await check("/api/v1/users/:id", 200, "GET", "/api/v1/users/\(userID)")
        try await check("/api/v1/users/:id", 403, "GET", "/api/v1/users/\(userID)", headers: viewer)
        try await check("/api/v1/users/:id", 200, "PATCH", "/api/v1/users/\(userID)", json: ["name": "Newer"])
        try await check("/api/v1/users/:id", 409, "PATCH", "/api/v1/users/\(releases.fixture.admin.id)", json: ["disabled": true])
        try await check("/api/v1/users/:id", 422, "PATCH", "/api/v1/users/\(userID)", json: ["name": String(repeating: "n", count: 500)])
        let membership = "/api/v1/users/\(userID)/memberships/\(group)"
        try await check("/api/v1/users/:id/memberships/:groupID", 200, "PUT", membership, json: ["role": "viewer"])
        try await check("/api/v1/users/:id/memberships/:groupID", 422, "PUT", membership, json: ["role": "king"])
        try await check("/api/v1/users/:id/memberships/:groupID", 204, "DELETE", membership)

        try await check("/api/v1/tokens", 200, "GET", "/api/v1/tokens")
        let token2 = try await check("/api/v1/tokens", 201, "POST", "/api/v1/tokens", json: ["name": "ci", "groups": "all", "maxRole": "viewer"])
        try await check("/api/v1/tokens", 409, "POST", "/api/v1/tokens", json: ["name": "ci", "groups": "all", "maxRole": "viewer"])
        try await check("/api/v1/tokens", 422, "POST", "/api/v1/tokens", json: ["name": "", "groups": "all", "maxRole": "viewer"])
        try await check("/api/v1/tokens/:id", 204, "DELETE", "/api/v1/tokens/\(token2["id"] as? String ?? "")")
    }

    private mutating func fleet() async throws {
        try await check("/api/v1/groups", 200, "GET", "/api/v1/groups")
        let sub = try await check("/api/v1/groups", 201, "POST", "/api/v1/groups", json: ["name": "Sub", "parentID": String(group)])
        try await check("/api/v1/groups", 409, "POST", "/api/v1/groups", json: ["name": "Sub"])
        try await check("/api/v1/groups", 422, "POST", "/api/v1/groups", json: ["name": ""])
        let subID = sub["id"] as? String ?? ""
        try await check("/api/v1/groups/:id", 200, "GET", "/api/v1/groups/\(group)")
        try await check("/api/v1/groups/:id", 200, "PATCH", "/api/v1/groups/\(subID)", json: ["description": "d"])
        let taken = try await app.store.read { [group] db in try db.group(id: group).name }
        try await check("/api/v1/groups/:id", 409, "PATCH", "/api/v1/groups/\(subID)", json: ["name": taken])
        try await check("/api/v1/groups/:id", 422, "PATCH", "/api/v1/groups/\(subID)", json: ["name": ""])
        try await check("/api/v1/groups/:id", 409, "DELETE", "/api/v1/groups/\(group)")
        try await check("/api/v1/groups/:id", 204, "DELETE", "/api/v1/groups/\(subID)")
        try await check("/api/v1/groups/:id/members", 200, "GET", "/api/v1/groups/\(group)/members")
        let tokens = "/api/v1/groups/\(group)/enrollment-tokens"
        try await check("/api/v1/groups/:id/enrollment-tokens", 200, "GET", tokens)
        try await check("/api/v1/groups/:id/enrollment-tokens", 403, "GET", tokens, headers: viewer)
        let token = try await check("/api/v1/groups/:id/enrollment-tokens", 201, "POST", tokens,
                                    json: ["environmentID": String(staging), "uses": 1, "expiresAt": "2030-01-01T00:00:00Z"])
        try await check("/api/v1/groups/:id/enrollment-tokens", 422, "POST", tokens,
                        json: ["environmentID": String(staging), "uses": 0, "expiresAt": "2030-01-01T00:00:00Z"])
        try await check("/api/v1/enrollment-tokens/:id", 204, "DELETE", "/api/v1/enrollment-tokens/\(token["id"] as? String ?? "")")

        try await check("/api/v1/environments", 200, "GET", "/api/v1/environments")
        let qa = try await check("/api/v1/environments", 201, "POST", "/api/v1/environments", json: ["name": "qa", "rank": 5])
        try await check("/api/v1/environments", 409, "POST", "/api/v1/environments", json: ["name": "qa", "rank": 6])
        try await check("/api/v1/environments", 422, "POST", "/api/v1/environments", json: ["name": "", "rank": 6])
        let qaID = qa["id"] as? String ?? ""
        try await check("/api/v1/environments/:id", 200, "PATCH", "/api/v1/environments/\(qaID)", json: ["rank": 6])
        try await check("/api/v1/environments/:id", 409, "PATCH", "/api/v1/environments/\(qaID)", json: ["name": "staging"])
        try await check("/api/v1/environments/:id", 409, "DELETE", "/api/v1/environments/\(staging)")
        try await check("/api/v1/environments/:id", 422, "PATCH", "/api/v1/environments/\(qaID)", json: ["name": ""])
        try await check("/api/v1/environments/:id", 204, "DELETE", "/api/v1/environments/\(qaID)")

        try await check("/api/v1/machines", 200, "GET", "/api/v1/machines?group=\(group)&limit=1")
        try await check("/api/v1/machines", 404, "GET", "/api/v1/machines?group=999999")
        try await check("/api/v1/machines", 422, "GET", "/api/v1/machines?limit=0")
        try await check("/api/v1/machines/counts", 200, "GET", "/api/v1/machines/counts?group=\(group)")
        try await check("/api/v1/machines/counts", 404, "GET", "/api/v1/machines/counts?group=999999")
        try await check("/api/v1/machines/counts", 422, "GET", "/api/v1/machines/counts?state=gone")
        let machine = try await check("/api/v1/machines", 201, "POST", "/api/v1/machines",
                                      json: ["hostname": "hand-1", "groupID": String(group), "environmentID": String(staging)])
        try await check("/api/v1/machines", 422, "POST", "/api/v1/machines", json: ["hostname": "", "groupID": String(group), "environmentID": String(staging)])
        let machineID = machine["id"] as? String ?? ""
        try await check("/api/v1/machines/:id", 200, "GET", "/api/v1/machines/\(machineID)")
        try await check("/api/v1/machines/:id", 200, "PATCH", "/api/v1/machines/\(machineID)", json: ["datacenter": "fra1"])
        try await check("/api/v1/machines/:id", 422, "PATCH", "/api/v1/machines/\(machineID)", json: ["state": "gone"])
        try await check("/api/v1/machines/:id/events", 200, "GET", "/api/v1/machines/\(machineID)/events")
        try await check("/api/v1/machines/:id", 204, "DELETE", "/api/v1/machines/\(machineID)")
        try await check("/api/v1/audit", 200, "GET", "/api/v1/audit?limit=5")
        try await check("/api/v1/audit", 403, "GET", "/api/v1/audit", headers: viewer)
        try await check("/api/v1/audit", 422, "GET", "/api/v1/audit?from=yesterday")
    }

    private mutating func applications() async throws {
        try await check("/api/v1/applications", 200, "GET", "/api/v1/applications?limit=10")
        try await check("/api/v1/applications", 422, "GET", "/api/v1/applications?limit=0")
        let body: [String: Any] = ["name": "api", "groupID": String(group), "runAs": "api", "installRoot": "/srv"]
        try await check("/api/v1/applications", 201, "POST", "/api/v1/applications", json: body)
        try await check("/api/v1/applications", 409, "POST", "/api/v1/applications", json: body)
        try await check("/api/v1/applications", 404, "POST", "/api/v1/applications", json: body.merging(["name": "api2", "groupID": "999999"]) { $1 })
        try await check("/api/v1/applications", 422, "POST", "/api/v1/applications", json: body.merging(["name": "Bad Name"]) { $1 })
        try await check("/api/v1/applications/:name", 200, "GET", "/api/v1/applications/web")
        try await check("/api/v1/applications/:name", 200, "PATCH", "/api/v1/applications/api", json: ["stopCommand": "./stop"])
        try await check("/api/v1/applications/:name", 409, "PATCH", "/api/v1/applications/api", json: ["name": "web"])
        try await check("/api/v1/applications/:name", 409, "DELETE", "/api/v1/applications/web")
        try await check("/api/v1/applications/:name", 422, "PATCH", "/api/v1/applications/api", json: ["keepReleases": 0])
        try await check("/api/v1/applications/:name", 204, "DELETE", "/api/v1/applications/api")

        let packages = "/api/v1/applications/web/packages"
        try await check("/api/v1/applications/:name/packages", 200, "GET", packages + "?limit=1")
        try await check("/api/v1/applications/:name/packages", 422, "GET", packages + "?limit=0")
        let bytes = try await PackagesAPITests.package("3.0.0")
        let put = "/api/v1/applications/:name/packages/:version"
        try await check(put, 201, "PUT", packages + "/3.0.0", raw: bytes)
        try await check(put, 200, "PUT", packages + "/3.0.0", raw: bytes)
        try await check(put, 422, "PUT", packages + "/3.0.1", raw: bytes,
                        headers: admin.headers().merging(["X-Capstan-SHA256": String(repeating: "0", count: 64)]) { $1 })
        try await check(put, 409, "PUT", packages + "/3.0.0", raw: try await PackagesAPITests.package("other"))
        try await check(put, 200, "GET", packages + "/1.0.0")
        let download = put + "/download"
        try await check(download, 200, "GET", packages + "/3.0.0/download")
        try await check(download, 206, "GET", packages + "/3.0.0/download", headers: admin.headers().merging(["Range": "bytes=0-0"]) { $1 })
        let sha = try await app.store.read { db in try db.package(of: db.application(named: "web").id, version: "3.0.0")!.sha256 }
        try await check(download, 304, "GET", packages + "/3.0.0/download", headers: admin.headers().merging(["If-None-Match": "\"\(sha)\""]) { $1 })
        try await check(download, 416, "GET", packages + "/3.0.0/download",
                        headers: admin.headers().merging(["Range": "bytes=99999999-"]) { $1 })
    }

    private mutating func releaseRoutes() async throws {
        let create: [String: Any] = ["application": "web", "version": "1.0.0", "environment": "staging"]
        try await check("/api/v1/releases", 404, "POST", "/api/v1/releases", json: create.merging(["version": "9.9.9"]) { $1 })
        try await check("/api/v1/releases", 422, "POST", "/api/v1/releases", json: create.merging(["strategy": ["maxParallel": 0]]) { $1 })
        let first = try await check("/api/v1/releases", 201, "POST", "/api/v1/releases", json: create)
        try await check("/api/v1/releases", 409, "POST", "/api/v1/releases", json: create)
        let id = first["id"] as? String ?? ""
        try await releases.settle()
        try await check("/api/v1/releases/:id/resume", 409, "POST", "/api/v1/releases/\(id)/resume")
        try await check("/api/v1/releases/:id/pause", 200, "POST", "/api/v1/releases/\(id)/pause")
        try await check("/api/v1/releases/:id/pause", 409, "POST", "/api/v1/releases/\(id)/pause")
        try await check("/api/v1/releases/:id/resume", 200, "POST", "/api/v1/releases/\(id)/resume")
        try await check("/api/v1/releases/:id/rollback", 409, "POST", "/api/v1/releases/\(id)/rollback")
        await releases.settle()
        try await releases.runAll()
        try await check("/api/v1/releases", 200, "GET", "/api/v1/releases?application=web&limit=1")
        try await check("/api/v1/releases", 422, "GET", "/api/v1/releases?application=nothing")
        try await check("/api/v1/releases/:id", 200, "GET", "/api/v1/releases/\(id)?wait=1")
        try await check("/api/v1/releases/:id", 422, "GET", "/api/v1/releases/\(id)?wait=9999")
        let hosts = try await check("/api/v1/releases/:id/hosts", 200, "GET", "/api/v1/releases/\(id)/hosts?limit=1")
        try await check("/api/v1/releases/:id/hosts", 422, "GET", "/api/v1/releases/\(id)/hosts?state=lost")
        try await check("/api/v1/releases/:id/events", 200, "GET", "/api/v1/releases/\(id)/events")
        try await check("/api/v1/releases/:id/approve", 409, "POST", "/api/v1/releases/\(id)/approve")
        try await check("/api/v1/releases/:id/retry", 409, "POST", "/api/v1/releases/\(id)/retry")
        try await check("/api/v1/releases/:id/abort", 409, "POST", "/api/v1/releases/\(id)/abort")

        let second = try await check("/api/v1/releases", 201, "POST", "/api/v1/releases", json: create.merging(["version": "2.0.0"]) { $1 })
        await releases.settle()
        try await releases.runAll()
        let secondID = second["id"] as? String ?? ""
        try await check("/api/v1/releases/:id/rollback", 201, "POST", "/api/v1/releases/\(secondID)/rollback")
        await releases.settle()
        try await releases.runAll()
        let third = try await check("/api/v1/releases", 201, "POST", "/api/v1/releases", json: create.merging(["version": "2.0.0"]) { $1 })
        let thirdID = third["id"] as? String ?? ""
        await releases.settle()
        try await check("/api/v1/releases/:id/abort", 422, "POST", "/api/v1/releases/\(thirdID)/abort", json: ["mode": "later"])
        try await check("/api/v1/releases/:id/abort", 200, "POST", "/api/v1/releases/\(thirdID)/abort", json: ["mode": "stop"])
        await releases.settle()
        try await check("/api/v1/releases/:id/retry", 200, "POST", "/api/v1/releases/\(thirdID)/retry")
        await releases.settle()
        try await releases.runAll()

        let job = ((hosts["items"] as? [[String: Any]])?.first?["id"] as? String) ?? ""
        try await check("/api/v1/jobs/:id", 200, "GET", "/api/v1/jobs/\(job)")
        try await check("/api/v1/jobs/:id/log", 200, "GET", "/api/v1/jobs/\(job)/log")
        try await check("/api/v1/jobs/:id/log", 422, "GET", "/api/v1/jobs/\(job)/log?offset=-1")
        try await check("/api/v1/machines/:id", 409, "DELETE", "/api/v1/machines/\(releases.machineIDs[0])")
        try await check("/api/v1/machines/:id/jobs", 200, "GET", "/api/v1/machines/\(releases.machineIDs[0])/jobs")
    }

    private mutating func webhooks() async throws {
        let base = "/api/v1/groups/\(group)/webhooks"
        let pattern = "/api/v1/groups/:id/webhooks"
        try await check(pattern, 200, "GET", base)
        try await check(pattern, 403, "GET", base, headers: viewer)
        let webhook = try await check(pattern, 201, "POST", base, json: ["url": "http://127.0.0.1:9/hook"])
        try await check(pattern, 422, "POST", base, json: ["url": "gopher://x"])
        let id = webhook["id"] as? String ?? ""
        try await check(pattern + "/:webhookID/deliveries", 200, "GET", "\(base)/\(id)/deliveries?limit=5")
        try await check(pattern + "/:webhookID/deliveries", 403, "GET", "\(base)/\(id)/deliveries", headers: viewer)
        try await check(pattern + "/:webhookID/deliveries", 422, "GET", "\(base)/\(id)/deliveries?limit=0")
        try await check(pattern + "/:webhookID", 204, "DELETE", "\(base)/\(id)")
    }
}
