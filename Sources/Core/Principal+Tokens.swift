extension Principal {
    /// Throws unless this user may create a token with `scope`: tokens are created by the user
    /// themselves (not through another token), only for groups they can see, and with at most the
    /// role they hold there (for all groups: at most the strongest role they hold anywhere).
    public func checkCanIssue(_ scope: TokenScope) throws(AppError) {
        guard tokenScope == nil, !user.isDisabled else {
            throw AppError(.forbidden, "tokens are created by signing in, not with another token")
        }
        switch scope.groups {
        case .all:
            guard let strongest = strongestRole, scope.maxRole <= strongest else {
                throw AppError(.forbidden, "maxRole is above your own role", field: "maxRole")
            }
        case .groups(let ids):
            for groupID in ids.sorted() {
                guard let role = userRole(in: groupID) else {
                    throw AppError(.notFound, "no group with id \(groupID)", field: "groups")
                }
                guard scope.maxRole <= role else {
                    throw AppError(.forbidden, "maxRole is above your role in group \(groupID)", field: "maxRole")
                }
            }
        }
    }

    /// The strongest role the user holds in any group.
    private var strongestRole: Role? {
        tree.groupIDs.compactMap { userRole(in: $0) }.max() ?? (user.isAdmin ? .owner : nil)
    }
}
