/// A user's role in a product group; roles are ordered `viewer < deployer < owner`.
///
/// Each role includes the powers of the ones below it: a viewer sees the group, a deployer also
/// releases to it, an owner also manages its machines, applications and enrollment tokens.
/// A role held on a group applies to all its subgroups (see `Principal`).
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case viewer, deployer, owner

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .deployer: 1
        case .owner: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
