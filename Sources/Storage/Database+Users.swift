import Core
import Foundation
import GRDB

extension User {
    init(row: Row) {
        self.init(
            id: row["id"], login: row["login"], name: row["name"], isAdmin: row["isAdmin"],
            isAuditor: row["isAuditor"], disabledAt: row.optionalDate("disabledAt"), createdAt: row.date("createdAt"))
    }
}

extension Database {
    /// Creates a user; `passwordHash` comes from `PasswordHasher.hash` (nil: token-only account).
    /// A login taken regardless of case is `AppError(.conflict, field: "login")`.
    public func createUser(_ draft: UserDraft, passwordHash: String?, now: Date) throws -> User {
        try draft.validate()
        try mappingUniqueViolations([("user.login", Self.loginTaken(draft.login))]) {
            try prepared("""
                    INSERT INTO user (login, name, passwordHash, isAdmin, isAuditor, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [draft.login, draft.name, passwordHash, draft.isAdmin, draft.isAuditor,
                            now.millisecondsSince1970])
        }
        return try user(id: lastInsertedRowID)
    }

    public func user(id: Int64) throws -> User {
        try User(row: row(in: "user", id: id, noun: "user"))
    }

    /// The user with this login regardless of case, or nil.
    public func user(login: String) throws -> User? {
        try Row.fetchOne(prepared("SELECT * FROM user WHERE login = ?"), arguments: [login]).map(User.init(row:))
    }

    /// Every user, by login.
    public func users() throws -> [User] {
        try Row.fetchAll(prepared("SELECT * FROM user ORDER BY login")).map(User.init(row:))
    }

    public func updateUser(id: Int64, _ draft: UserDraft) throws -> User {
        try draft.validate()
        try mappingUniqueViolations([("user.login", Self.loginTaken(draft.login))]) {
            try prepared("UPDATE user SET login = ?, name = ?, isAdmin = ?, isAuditor = ? WHERE id = ?").execute(arguments: [draft.login, draft.name, draft.isAdmin, draft.isAuditor, id])
        }
        try requireChange(noun: "user", id: id)
        return try user(id: id)
    }

    /// Disables a user and ends their sessions; their API tokens stop working (`Principal` gives a
    /// disabled user no rights) but are kept, so re-enabling restores them.
    public func disableUser(id: Int64, now: Date) throws -> User {
        try prepared("UPDATE user SET disabledAt = coalesce(disabledAt, ?) WHERE id = ?").execute(arguments: [now.millisecondsSince1970, id])
        try requireChange(noun: "user", id: id)
        try deleteSessions(userID: id)
        return try user(id: id)
    }

    public func enableUser(id: Int64) throws -> User {
        try prepared("UPDATE user SET disabledAt = NULL WHERE id = ?").execute(arguments: [id])
        try requireChange(noun: "user", id: id)
        return try user(id: id)
    }

    /// The stored password hash, nil for a token-only account; never leaves the server.
    public func passwordHash(userID: Int64) throws -> String? {
        try requireRow(in: "user", id: userID, noun: "user")
        return try String.fetchOne(prepared("SELECT passwordHash FROM user WHERE id = ?"), arguments: [userID])
    }

    public func setPasswordHash(_ passwordHash: String?, userID: Int64) throws {
        try prepared("UPDATE user SET passwordHash = ? WHERE id = ?").execute(arguments: [passwordHash, userID])
        try requireChange(noun: "user", id: userID)
    }

    private static func loginTaken(_ login: String) -> AppError {
        AppError(.conflict, "a user with login \(login) already exists", field: "login")
    }
}
