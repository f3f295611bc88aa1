import HTTP

/// The release routes: `/api/v1/releases…` (see `ReleasesAPI`).
struct ReleaseRoutes: Sendable {
    let operations: ReleaseOperations
    let live: ReleaseLiveFeed

    func register(in router: inout Router, templates: Templates) {
        let api = ReleasesAPI(releases: operations, live: live)
        router.group("/api/v1/releases") { releases in
            releases.post("/", use: api.create)
            releases.get("/", use: api.list)
            releases.get("/:id", use: api.show)
            releases.get("/:id/hosts", use: api.hosts)
            releases.get("/:id/events", use: api.events)
            releases.post("/:id/approve", use: api.approve)
            releases.post("/:id/pause", use: api.pause)
            releases.post("/:id/resume", use: api.resume)
            releases.post("/:id/abort", use: api.abort)
            releases.post("/:id/retry", use: api.retry)
            releases.post("/:id/rollback", use: api.rollback)
        }
    }
}
