/// How far an API token reaches: which groups (always explicit) and the strongest role it acts with.
///
/// There is no "whatever the user has" default: a token names its groups, or says `.all` outright.
/// Groups inherit like memberships (a token for a group also covers its subgroups). A token never
/// administers (users, environments, groups); it can read the audit log only when its user is an
/// admin or auditor and it covers all groups. Stored in `apiToken.scopes` as a JSON array of strings:
/// `["role:deployer", "group:3", "group:7"]` or `["role:viewer", "group:*"]`.
public struct TokenScope: Sendable, Codable, Equatable, Hashable {
    /// The groups a token covers.
    public enum Groups: Sendable, Codable, Equatable, Hashable {
        case all
        case groups(Set<Int64>)
    }

    public var groups: Groups
    public var maxRole: Role

    public init(groups: Groups, maxRole: Role) {
        self.groups = groups
        self.maxRole = maxRole
    }

    /// The stored form, sorted so equal scopes store equally.
    public var strings: [String] {
        let groupStrings: [String] = switch groups {
        case .all: ["group:*"]
        case .groups(let ids): ids.sorted().map { "group:\($0)" }
        }
        return ["role:\(maxRole.rawValue)"] + groupStrings
    }

    /// Reads the stored form; nil when it is not one this type wrote.
    public init?(strings: [String]) {
        var role: Role?
        var all = false
        var ids: Set<Int64> = []
        for string in strings {
            if string.hasPrefix("role:") {
                role = Role(rawValue: String(string.dropFirst(5)))
            } else if string == "group:*" {
                all = true
            } else if string.hasPrefix("group:"), let id = Int64(string.dropFirst(6)) {
                ids.insert(id)
            } else {
                return nil
            }
        }
        guard let role, all || !ids.isEmpty else { return nil }
        self.init(groups: all ? .all : .groups(ids), maxRole: role)
    }
}
