import Core

extension Principal {
    /// `require(_:in:)` for an object in a group: when the group is hidden the caller gets exactly the
    /// answer a missing object gives (`missing`), so a 404 never tells a hidden object from none.
    func require(_ action: Action, in groupID: Int64, orNotFound missing: @autoclosure () -> AppError) throws(AppError) {
        let decision = decide(action, in: groupID)
        if decision == .hidden { throw missing() }
        try decision.require(action)
    }

    /// The groups a list must stay within: nil when this principal sees every group (admins,
    /// auditors, tokens of theirs covering all groups), else the viewable ones.
    var listableGroupIDs: Set<Int64>? {
        decide(.view).isAllowed ? nil : viewableGroupIDs()
    }
}
