import HTTP
import Logging
import Metrics
import Prometheus
import Storage

/// The route table and the middleware chain, in one place so what is public is visible at a glance.
///
/// Public routes (no sign-in, DESIGN "Security"): `/healthz`, `/static/*` and `/signin`
/// (`AuthMiddleware.isPublic`), and `POST /agent/v1/enroll`. Everything else sits behind
/// `AuthMiddleware`, `/metrics` included; `/agent/v1/*` takes agent tokens only.
struct Routes {
    let store: Store
    let templates: Templates
    /// Package files, under the data directory.
    let artifacts: ArtifactStore
    let staticFiles: StaticFiles
    let metrics: PrometheusCollectorRegistry
    let isDatabaseHealthy: @Sendable () async -> Bool
    var access = AccessSettings()
    var trustedProxies = TrustedProxies.none
    var maxPackageBytes = Configuration().maxPackageBytes
    /// The agent protocol under `/agent/v1`.
    var agents: AgentRoutes?
    var liveness = Liveness()
    /// Releases: the API, its live events, and the pages.
    var releases: ReleaseRoutes?

    /// How errors are answered, here and by the server's own `errorResponse` hook.
    var errors: ErrorResponder { ErrorResponder(page: ErrorPage(templates: templates)) }

    func makeRouter() -> Router {
        var router = Router()
        // Public.
        router.get("/healthz", use: HealthAPI(isDatabaseHealthy: isDatabaseHealthy).check)
        router.get("/static/*path", use: staticFiles.handler())
        // Behind sign-in.
        router.get("/", use: DashboardPage(templates: templates, store: store, liveness: liveness, now: access.now,
                                           releases: releases?.operations).show)
        router.get("/metrics", use: MetricsAPI(registry: metrics).export)
        router.group("/api/v1") { api in
            api.get("/ping", use: PingAPI.ping)
        }
        router.get(OpenAPIDocument.path, use: OpenAPIAPI.serve)
        addAccessRoutes(to: &router)
        FleetRoutes(store: store, templates: templates, now: access.now, liveness: liveness).register(in: &router)
        if let agents {
            agents.register(in: &router)
            let operations = JobOperations(store: store, logs: agents.operations.logs)
            let jobs = JobsAPI(jobs: operations, machines: MachineOperations(store: store, now: access.now, liveness: liveness))
            router.get("/jobs/:id", use: JobPage(templates: templates, jobs: operations).show)
            router.group("/api/v1") { api in
                api.get("/jobs/:id", use: jobs.show)
                api.get("/jobs/:id/log", use: jobs.log)
                api.get("/machines/:id/jobs", use: jobs.list)
            }
        }
        releases?.register(in: &router, templates: templates)
        WebhookRoutes(store: store, templates: templates, now: access.now).register(in: &router)
        StatisticsRoutes(store: store, templates: templates, now: access.now).register(in: &router)
        ExportRoutes(store: store, now: access.now).register(in: &router)
        ApplicationRoutes(store: store, templates: templates, artifacts: artifacts, maxPackageBytes: maxPackageBytes, now: access.now,
                          releases: releases?.operations).register(in: &router)
        return router
    }

    /// Outermost first: the request id exists before anything logs, every answer (error pages too)
    /// carries the security headers, the client's address is known
    /// before anything records it, metrics see the final status, and errors are mapped before
    /// metrics count them.
    func makeMiddleware(logger: Logger) -> [any Middleware] {
        var factory = PrometheusMetricsFactory(registry: metrics)
        factory.durationHistogramBuckets[MetricsMiddleware.durationLabel] = [
            .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        return [RequestIDMiddleware(), SecurityHeadersMiddleware(), ForwardedMiddleware(trusted: trustedProxies), MetricsMiddleware(factory: factory),
                ErrorMiddleware(logger: logger, responder: errors), AuthMiddleware(store: store, access: access)]
    }
}
