import Foundation
import Testing
import Core

/// The permission matrix. Tree: platform(1) ⊃ payments(2) ⊃ checkout(3); search(4) stands alone.
struct PrincipalTests {
    let tree = GroupTree([
        ProductGroup(id: 1, name: "platform"), ProductGroup(id: 2, name: "payments", parentID: 1),
        ProductGroup(id: 3, name: "checkout", parentID: 2), ProductGroup(id: 4, name: "search"),
    ])

    func make(
        admin: Bool = false, auditor: Bool = false, disabled: Bool = false, roles: [Int64: Role] = [:],
        token: TokenScope? = nil
    ) -> Principal {
        let user = User(id: 7, login: "alice", isAdmin: admin, isAuditor: auditor,
                        disabledAt: disabled ? Date(timeIntervalSince1970: 1) : nil, createdAt: Date(timeIntervalSince1970: 0))
        let memberships = roles.map { Membership(userID: 7, groupID: $0.key, role: $0.value) }
        return Principal(user: user, memberships: memberships, tree: tree, tokenScope: token)
    }

    /// The decisions for every action in one group, in `Action.allCases` order.
    func decisions(_ principal: Principal, in groupID: Int64?) -> [Decision] {
        Action.allCases.map { principal.decide($0, in: groupID) }
    }

    @Test("each membership role allows exactly its actions in its group",
          arguments: [
            (Role.viewer, [Decision.allowed, .forbidden, .forbidden, .forbidden, .forbidden]),
            (.deployer, [.allowed, .allowed, .forbidden, .forbidden, .forbidden]),
            (.owner, [.allowed, .allowed, .allowed, .forbidden, .forbidden]),
          ])
    func membershipRoles(_ role: Role, _ expected: [Decision]) {
        #expect(decisions(make(roles: [2: role]), in: 2) == expected)
    }

    @Test("a role on a parent applies to subgroups; the group above and beside stay hidden")
    func inheritance() {
        let principal = make(roles: [2: .deployer])
        #expect(principal.decide(.deploy, in: 3) == .allowed)
        #expect(principal.decide(.view, in: 1) == .hidden)
        #expect(principal.decide(.view, in: 4) == .hidden)
        #expect(principal.viewableGroupIDs() == [2, 3])
    }

    @Test("the strongest applicable role wins")
    func strongestWins() {
        let principal = make(roles: [1: .owner, 3: .viewer])
        #expect(principal.role(in: 3) == .owner)
        #expect(principal.decide(.manage, in: 3) == .allowed)
        let lower = make(roles: [1: .viewer, 3: .owner])
        #expect(lower.role(in: 2) == .viewer)
        #expect(lower.role(in: 3) == .owner)
    }

    @Test("an admin may do everything, everywhere")
    func admin() {
        let principal = make(admin: true)
        for groupID: Int64? in [nil, 1, 3, 4] {
            #expect(decisions(principal, in: groupID).allSatisfy { $0 == .allowed })
        }
        #expect(principal.viewableGroupIDs() == [1, 2, 3, 4])
    }

    @Test("an auditor views and audits everything but changes nothing")
    func auditor() {
        let principal = make(auditor: true)
        for groupID: Int64? in [nil, 1, 4] {
            #expect(decisions(principal, in: groupID) == [.allowed, .forbidden, .forbidden, .forbidden, .allowed])
        }
    }

    @Test("without any role, global actions are forbidden and groups hidden")
    func nobody() {
        let principal = make()
        #expect(decisions(principal, in: nil) == [.forbidden, .forbidden, .forbidden, .forbidden, .forbidden])
        #expect(decisions(principal, in: 1).allSatisfy { $0 == .hidden })
        #expect(principal.viewableGroupIDs().isEmpty)
    }

    @Test("an unknown group is hidden, even from an admin")
    func unknownGroup() {
        #expect(make(admin: true).decide(.view, in: 99) == .hidden)
    }

    @Test("a disabled user has no rights, whatever their flags and roles")
    func disabled() {
        let principal = make(admin: true, auditor: true, disabled: true, roles: [1: .owner])
        #expect(decisions(principal, in: nil).allSatisfy { $0 == .forbidden })
        #expect(decisions(principal, in: 2).allSatisfy { $0 == .hidden })
        #expect(principal.viewableGroupIDs().isEmpty)
    }

    @Test("a token is limited to its groups (and their subgroups) and its maximum role")
    func tokenNarrowing() {
        let principal = make(roles: [1: .owner, 4: .owner], token: TokenScope(groups: .groups([2]), maxRole: .deployer))
        #expect(principal.decide(.deploy, in: 3) == .allowed)
        #expect(principal.decide(.manage, in: 3) == .forbidden)
        #expect(principal.decide(.view, in: 1) == .hidden)
        #expect(principal.decide(.view, in: 4) == .hidden)
        #expect(principal.viewableGroupIDs() == [2, 3])
    }

    @Test("a token never gives more than the user has now")
    func tokenAfterDemotion() {
        let scope = TokenScope(groups: .groups([2]), maxRole: .owner)
        #expect(make(roles: [2: .viewer], token: scope).decide(.deploy, in: 2) == .forbidden)
        #expect(make(roles: [:], token: scope).decide(.view, in: 2) == .hidden)
        #expect(make(disabled: true, roles: [2: .owner], token: scope).decide(.view, in: 2) == .hidden)
    }

    @Test("through a token, an admin never administers, and audits only with all groups")
    func tokenGlobalActions() {
        let all = make(admin: true, token: TokenScope(groups: .all, maxRole: .viewer))
        #expect(decisions(all, in: nil) == [.allowed, .forbidden, .forbidden, .forbidden, .allowed])
        let some = make(admin: true, token: TokenScope(groups: .groups([4]), maxRole: .owner))
        #expect(decisions(some, in: nil).allSatisfy { $0 == .forbidden })
        #expect(some.decide(.manage, in: 4) == .allowed)
        #expect(some.decide(.view, in: 1) == .hidden)
    }

    @Test("a user may issue tokens only within their own groups and role")
    func issuing() throws {
        let principal = make(roles: [2: .deployer])
        try principal.checkCanIssue(TokenScope(groups: .groups([3]), maxRole: .deployer))
        try principal.checkCanIssue(TokenScope(groups: .all, maxRole: .deployer))
        #expect(throws: AppError(.forbidden, "maxRole is above your role in group 2", field: "maxRole")) {
            try principal.checkCanIssue(TokenScope(groups: .groups([2]), maxRole: .owner))
        }
        #expect(throws: AppError(.notFound, "no group with id 4", field: "groups")) {
            try principal.checkCanIssue(TokenScope(groups: .groups([4]), maxRole: .viewer))
        }
        let viaToken = make(roles: [2: .owner], token: TokenScope(groups: .all, maxRole: .owner))
        #expect(throws: AppError.self) { try viaToken.checkCanIssue(TokenScope(groups: .all, maxRole: .viewer)) }
    }

    @Test("require throws 403 for forbidden and 404 for hidden")
    func requireMapsToErrors() {
        let principal = make(roles: [2: .viewer])
        #expect(throws: AppError(.forbidden, "you may not deploy here")) { try principal.require(.deploy, in: 2) }
        #expect(throws: AppError(.notFound, "not found")) { try principal.require(.view, in: 4) }
        #expect(throws: Never.self) { try principal.require(.view, in: 2) }
    }
}
