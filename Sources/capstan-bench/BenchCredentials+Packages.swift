import Core
import Foundation
import Logging
import Storage

extension BenchCredentials {
    /// The name of the application `seedDeployer` creates.
    static let packageApplication = "bench"

    /// Migrates the store in `dataDirectory`, adds a group and the application `bench` in it, and returns
    /// the token text of a user who may deploy to it (uploads need at least the deployer role).
    static func seedDeployer(dataDirectory: String, migrations: String = "./migrations") throws -> String {
        let store = try Store.open(at: URL(fileURLWithPath: dataDirectory), migrationsDirectory: URL(fileURLWithPath: migrations),
                                   logger: Logger(label: "capstan-bench.storage"))
        let now = Date()
        return try store.write { db in
            let group = try db.createGroup(GroupDraft(name: "bench"))
            _ = try db.createApplication(ApplicationDraft(name: packageApplication, groupID: group.id, runAs: "app", installRoot: "/srv"))
            let user = try db.createUser(UserDraft(login: "bench", name: "capstan-bench"), passwordHash: nil, now: now)
            try db.setMembership(Membership(userID: user.id, groupID: group.id, role: .deployer))
            let draft = APITokenDraft(name: "bench", scope: TokenScope(groups: .all, maxRole: .deployer), expiresAt: nil)
            return try db.createAPIToken(draft, userID: user.id, now: now).token.text
        }
    }
}
