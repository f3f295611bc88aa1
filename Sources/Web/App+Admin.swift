import Core
import Foundation
import Logging
import Storage

// What `capstan admin create-user` and `capstan audit verify` do, so the executable stays thin and
// tests call the same code.
extension App {
    /// Creates a user in the configured database (migrating it first), audited as done by `cli`.
    /// Blocking: for the command line, before or beside a running server.
    public static func createUser(
        configuration: Configuration, _ draft: UserDraft, password: String, hasher: PasswordHasher = PasswordHasher()
    ) throws(StartupError) -> User {
        do {
            try draft.validate()
            try Validation.password(password)
            let store = try commandStore(configuration)
            let passwordHash = hasher.hash(password)
            let now = Date()
            return try store.write { db in
                let user = try db.createUser(draft, passwordHash: passwordHash, now: now)
                try db.appendAudit(AuditEntry(
                    at: now, actor: "cli", action: "user.create", targetType: "user", targetID: String(user.id),
                    detail: ["login": .string(user.login), "isAdmin": .bool(user.isAdmin), "isAuditor": .bool(user.isAuditor)]))
                return user
            }
        } catch let error as AppError {
            throw StartupError(error.message)
        } catch let error as StartupError {
            throw error
        } catch {
            throw StartupError("cannot create the user in \(configuration.dataDirectory): \(error)")
        }
    }

    /// Walks the audit chain: the first row that does not hold (nil when intact) and the number of rows.
    public static func verifyAudit(configuration: Configuration) throws(StartupError) -> (rows: Int64, broken: AuditChainBreak?) {
        let store = try commandStore(configuration)
        do {
            return try store.read { db in
                if let broken = try db.verifyAuditChain() { return (broken.id, broken) }
                // Rows are never deleted and ids are assigned max + 1, so in an intact chain the
                // newest id is the number of rows.
                return (try db.auditRecords(matching: AuditQuery(limit: 1)).first?.id ?? 0, nil)
            }
        } catch {
            throw StartupError("cannot read the audit log in \(configuration.dataDirectory): \(error)")
        }
    }

    private static func commandStore(_ configuration: Configuration) throws(StartupError) -> Store {
        var logger = Logger(label: "capstan.storage")
        logger.logLevel = max(configuration.logLevel, .notice)
        return try openStore(configuration, logger: logger)
    }
}
