import Core
import Foundation
import Storage

/// Writes the benchmark's fleet: `groups` groups, `machines` machines spread over them, four
/// datacenters, three labels, a mix of states and last-seen times; an admin and a member of ten
/// groups, each with an API token.
struct MachineFleetSeeder {
    let store: Store

    /// Returns the admin's and the member's token texts.
    func seed(machines: Int, groups: Int) throws -> (admin: String, member: String) {
        let now = Date()
        return try store.write { db in
            let environment = try db.createEnvironment(EnvironmentDraft(name: "production", rank: 10))
            let groupIDs = try (0..<groups).map { try db.createGroup(GroupDraft(name: "group-\($0)")).id }
            for index in 0..<machines {
                let draft = MachineDraft(
                    hostname: String(format: "host-%05d", index), address: "10.\(index / 65536 % 256).\(index / 256 % 256).\(index % 256)",
                    datacenter: "dc-\(index % 4)", os: "debian", arch: "x86_64", groupID: groupIDs[index % groups],
                    environmentID: environment.id, labels: ["tier": ["web", "db", "cache"][index % 3], "rack": "r\(index % 40)"])
                let machine = try db.createMachine(draft, now: now)
                try db.execute(sql: "UPDATE machine SET state = ?, lastSeenAt = ? WHERE id = ?", arguments: [
                    index % 10 == 0 ? "disabled" : "active", now.addingTimeInterval(-Double(index % 600)).millisecondsSince1970, machine.id,
                ])
            }
            let admin = try db.createUser(UserDraft(login: "bench-admin", isAdmin: true), passwordHash: nil, now: now)
            let member = try db.createUser(UserDraft(login: "bench-member"), passwordHash: nil, now: now)
            for groupID in groupIDs.prefix(10) { try db.setMembership(Membership(userID: member.id, groupID: groupID, role: .viewer)) }
            let scope = TokenScope(groups: .all, maxRole: .owner)
            let adminToken = try db.createAPIToken(APITokenDraft(name: "bench", scope: scope, expiresAt: nil), userID: admin.id, now: now).token
            let memberToken = try db.createAPIToken(APITokenDraft(name: "bench", scope: scope, expiresAt: nil), userID: member.id, now: now).token
            return (adminToken.text, memberToken.text)
        }
    }
}
