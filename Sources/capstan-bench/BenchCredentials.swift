import Core
import Foundation
import Logging
import Storage

/// An API token for the bench: every API route needs one, so a capstan started by the bench gets a
/// user and a token written into its data directory before it starts.
enum BenchCredentials {
    /// Migrates the store in `dataDirectory` and returns a new token's text.
    static func seed(dataDirectory: String, migrations: String = "./migrations") throws -> String {
        let store = try Store.open(at: URL(fileURLWithPath: dataDirectory), migrationsDirectory: URL(fileURLWithPath: migrations),
                                   logger: Logger(label: "capstan-bench.storage"))
        let now = Date()
        return try store.write { db in
            let user = try db.createUser(UserDraft(login: "bench", name: "capstan-bench"), passwordHash: nil, now: now)
            let draft = APITokenDraft(name: "bench", scope: TokenScope(groups: .all, maxRole: .viewer), expiresAt: nil)
            return try db.createAPIToken(draft, userID: user.id, now: now).token.text
        }
    }
}
