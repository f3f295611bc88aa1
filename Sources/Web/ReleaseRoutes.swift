import HTTP

/// The release routes: `/api/v1/releases…` (see `ReleasesAPI`) and the pages: `GET /releases`
/// (`ReleasesPages`), `GET /releases/{id}` (`ReleasePage`), `GET /releases/events` (`DashboardFeed`, the dashboard's live feed) and its action forms,
/// `POST /releases/{id}/approve|pause|resume|abort|retry|rollback` (`ReleaseActionPages`).
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
        registerPages(in: &router, templates: templates)
    }

    private func registerPages(in router: inout Router, templates: Templates) {
        let list = ReleasesPages(templates: templates, releases: operations,
                                 environments: EnvironmentOperations(store: operations.store, now: operations.now))
        let page = ReleasePage(templates: templates, releases: operations)
        let actions = ReleaseActionPages(page: page)
        router.get("/releases", use: list.list)
        let dashboard = DashboardFeed(releaseUpdates: live.releaseUpdates, jobUpdates: live.jobUpdates)
        router.get("/releases/events") { [operations] request in
            let caller = try request.caller()
            return dashboard.stream { id in try? await operations.detail(id, caller: caller) }
        }
        router.get("/releases/:id", use: page.show)
        for action in ReleaseActionPages.Action.allCases {
            router.post("/releases/:id/\(action.rawValue)", use: actions.handler(action))
        }
    }
}
