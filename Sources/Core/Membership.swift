/// A user's role in one product group (and, by inheritance, in all of its subgroups).
///
/// One per user per group: setting a new role replaces the old one.
public struct Membership: Sendable, Codable, Equatable, Hashable {
    public var userID: Int64
    public var groupID: Int64
    public var role: Role

    public init(userID: Int64, groupID: Int64, role: Role) {
        self.userID = userID
        self.groupID = groupID
        self.role = role
    }
}
