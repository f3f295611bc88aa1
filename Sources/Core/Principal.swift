/// Who is asking — a user, possibly through an API token — with what they need to answer every
/// permission question without I/O.
///
/// `decide(_:in:)` is the one function that decides every permission; every API route and page
/// asks it. The rules:
/// - a disabled user may do nothing (every group is hidden);
/// - an admin may do everything; an auditor may view everything and `audit`, and changes nothing
///   unless a membership says otherwise;
/// - a membership role applies to its group and every subgroup; the strongest applicable role wins
///   (viewer → view; deployer → + deploy; owner → + manage);
/// - through a token, power is the user's *current* power narrowed to the token's groups and capped
///   at its `maxRole`; a token never `administer`s, and `audit`s only with a scope of all groups.
///
/// Build one per request from fresh rows (`Database.principal(userID:scope:)` in Storage), so a
/// change of roles applies at once.
public struct Principal: Sendable {
    public let user: User
    /// Direct roles by group id (inheritance is applied by `role(in:)`).
    public let directRoles: [Int64: Role]
    public let tree: GroupTree
    /// Set when the request came with an API token.
    public let tokenScope: TokenScope?

    public init(user: User, memberships: [Membership], tree: GroupTree, tokenScope: TokenScope? = nil) {
        self.user = user
        directRoles = memberships.filter { $0.userID == user.id }
            .reduce(into: [:]) { roles, membership in roles[membership.groupID] = membership.role }
        self.tree = tree
        self.tokenScope = tokenScope
    }

    /// Whether the principal may do `action`, in `groupID` or (nil) across the whole installation.
    public func decide(_ action: Action, in groupID: Int64? = nil) -> Decision {
        if let groupID, role(in: groupID) == nil { return .hidden }
        if user.isDisabled { return .forbidden }
        switch action {
        case .administer:
            return user.isAdmin && tokenScope == nil ? .allowed : .forbidden
        case .audit:
            let tokenCoversAll = tokenScope.map { $0.groups == .all } ?? true
            return (user.isAdmin || user.isAuditor) && tokenCoversAll ? .allowed : .forbidden
        case .view, .deploy, .manage:
            let role = groupID.flatMap(role(in:)) ?? globalRole
            guard let role, let required = action.requiredRole, role >= required else { return .forbidden }
            return .allowed
        }
    }

    /// `decide` as a throwing check: `AppError(.forbidden)` or `AppError(.notFound)`.
    public func require(_ action: Action, in groupID: Int64? = nil) throws(AppError) {
        try decide(action, in: groupID).require(action)
    }

    /// The effective role in a group: inheritance, global flags and token narrowing applied; nil when
    /// the group is hidden from this principal (or does not exist).
    public func role(in groupID: Int64) -> Role? {
        guard let userRole = userRole(in: groupID) else { return nil }
        guard let tokenScope else { return userRole }
        guard tokenCovers(groupID, tokenScope) else { return nil }
        return min(userRole, tokenScope.maxRole)
    }

    /// Every group this principal may view, for filtering lists.
    public func viewableGroupIDs() -> Set<Int64> {
        tree.groupIDs.filter { role(in: $0) != nil }
    }

    // MARK: - Rules

    /// The role held in every group at once (from the admin or auditor flag), narrowed by a token.
    private var globalRole: Role? {
        guard !user.isDisabled else { return nil }
        let role: Role? = user.isAdmin ? .owner : user.isAuditor ? .viewer : nil
        guard let role, let tokenScope else { return role }
        return tokenScope.groups == .all ? min(role, tokenScope.maxRole) : nil
    }

    /// The user's own role in a group, ignoring any token.
    func userRole(in groupID: Int64) -> Role? {
        guard !user.isDisabled, tree.contains(groupID) else { return nil }
        if user.isAdmin { return .owner }
        let inherited = ([groupID] + tree.ancestors(of: groupID)).compactMap { directRoles[$0] }.max()
        return user.isAuditor ? max(inherited ?? .viewer, .viewer) : inherited
    }

    private func tokenCovers(_ groupID: Int64, _ scope: TokenScope) -> Bool {
        switch scope.groups {
        case .all: true
        case .groups(let ids): ids.contains(groupID) || tree.ancestors(of: groupID).contains(where: ids.contains)
        }
    }
}
