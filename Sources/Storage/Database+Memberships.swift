import Core
import GRDB

extension Membership {
    init(row: Row) {
        self.init(userID: row["userID"], groupID: row["groupID"], role: Role(rawValue: row["role"])!)
    }
}

extension Database {
    /// Gives a user a role in a group, replacing any role they had there.
    public func setMembership(_ membership: Membership) throws {
        try requireRow(in: "user", id: membership.userID, noun: "user", field: "userID")
        try requireRow(in: "productGroup", id: membership.groupID, noun: "group", field: "groupID")
        try prepared("""
                INSERT INTO membership (groupID, userID, role) VALUES (?, ?, ?)
                ON CONFLICT (groupID, userID) DO UPDATE SET role = excluded.role
                """).execute(arguments: [membership.groupID, membership.userID, membership.role.rawValue])
    }

    public func removeMembership(userID: Int64, groupID: Int64) throws {
        try prepared("DELETE FROM membership WHERE userID = ? AND groupID = ?").execute(arguments: [userID, groupID])
        guard changesCount > 0 else {
            throw AppError(.notFound, "user \(userID) has no role in group \(groupID)")
        }
    }

    public func memberships(userID: Int64) throws -> [Membership] {
        try Row.fetchAll(prepared("SELECT * FROM membership WHERE userID = ? ORDER BY groupID"), arguments: [userID])
            .map(Membership.init(row:))
    }

    public func memberships(groupID: Int64) throws -> [Membership] {
        try Row.fetchAll(prepared("SELECT * FROM membership WHERE groupID = ? ORDER BY userID"), arguments: [groupID])
            .map(Membership.init(row:))
    }

    /// Everything `Principal.decide` needs for this user, read fresh: build one per request, passing
    /// the token's scope when the request came with an API token.
    public func principal(userID: Int64, tokenScope: TokenScope? = nil) throws -> Principal {
        try Principal(user: user(id: userID), memberships: memberships(userID: userID), tree: groupTree(),
                      tokenScope: tokenScope)
    }
}
