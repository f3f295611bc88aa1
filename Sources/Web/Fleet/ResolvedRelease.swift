import Core

/// A release request checked against the store: everything creating the release needs, and what the
/// deploy review page shows before anyone confirms.
struct ResolvedRelease: Sendable {
    let application: Application
    let package: Package
    let environment: Core.Environment
    /// The target hosts, in the order the plan's indices refer to.
    let machines: [Machine]
    let plan: BatchPlan
    let strategy: ReleaseStrategy
    /// An admin skipped the promotion gate with a reason.
    let isGateOverridden: Bool

    var needsApproval: Bool { environment.needsApproval || environment.isProtected }
}
