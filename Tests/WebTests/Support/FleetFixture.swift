import Core
import Foundation
import Storage

/// A small fleet for permission tests: groups G (with subgroup G1) and H, one environment, a machine
/// in G and one in H, and one user per role: admin, auditor, owner / deployer / viewer of G, and
/// `outsider`, who owns H only.
struct FleetFixture: Sendable {
    let g: ProductGroup
    let g1: ProductGroup
    let h: ProductGroup
    let environment: Environment
    let machineInG: Machine
    let machineInH: Machine
    let users: [String: Int64]

    static let roles = ["admin", "auditor", "owner", "deployer", "viewer", "outsider"]

    func user(_ role: String) -> Int64 { users[role]! }

    static func make(in store: Store, now: Date = Date()) throws -> FleetFixture {
        try store.write { db in
            let g = try db.createGroup(GroupDraft(name: "G"))
            let g1 = try db.createGroup(GroupDraft(name: "G1", parentID: g.id))
            let h = try db.createGroup(GroupDraft(name: "H"))
            let environment = try db.createEnvironment(EnvironmentDraft(name: "production", rank: 10))
            let machineInG = try db.createMachine(MachineDraft(hostname: "web-1", groupID: g.id, environmentID: environment.id), now: now)
            let machineInH = try db.createMachine(MachineDraft(hostname: "db-1", groupID: h.id, environmentID: environment.id), now: now)
            var users: [String: Int64] = [:]
            for role in roles {
                let draft = UserDraft(login: role, isAdmin: role == "admin", isAuditor: role == "auditor")
                users[role] = try db.createUser(draft, passwordHash: nil, now: now).id
            }
            for (role, membership) in [("owner", Role.owner), ("deployer", .deployer), ("viewer", .viewer)] {
                try db.setMembership(Membership(userID: users[role]!, groupID: g.id, role: membership))
            }
            try db.setMembership(Membership(userID: users["outsider"]!, groupID: h.id, role: .owner))
            return FleetFixture(g: g, g1: g1, h: h, environment: environment, machineInG: machineInG,
                                machineInH: machineInH, users: users)
        }
    }
}
