import Core
import Storage

/// The deploy review: what a release request would do, checked exactly as creating it would be,
/// without creating anything.
extension ReleaseOperations {
    struct Preview: Sendable {
        let resolved: ResolvedRelease
        /// Who could approve it, when the environment asks for an approval: active users other than
        /// the caller who may deploy in the application's group, by login.
        let approvers: [String]
        /// The version the environment's last succeeded release installed, which this one replaces.
        let replacing: String?
    }

    func preview(_ request: ReleaseRequest, caller: Caller) async throws -> Preview {
        try await store.read { db in
            let resolved = try resolve(request, caller: caller, db)
            let replacing = try db.lastSucceededPackageID(applicationID: resolved.application.id, environmentID: resolved.environment.id)
                .map { try db.package(id: $0).version }
            let approvers = !resolved.needsApproval ? [] : try db.users().filter { user in
                guard user.id != caller.user.id, !user.isDisabled else { return false }
                return try db.principal(userID: user.id).decide(.deploy, in: resolved.application.groupID) == .allowed
            }
            return Preview(resolved: resolved, approvers: approvers.map(\.login).sorted(), replacing: replacing)
        }
    }
}
