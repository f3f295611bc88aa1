import Core
import Engine
import HTTP
import Logging
import Prometheus
import Storage

/// The Capstan server assembled from a `Configuration`: database, templates, routes, middleware and
/// the HTTP server. The composition root: the one place that knows every concrete piece.
///
/// `make` does everything that can fail before listening (open and migrate the database, load the
/// templates), so a broken deployment refuses to start with a message naming the file at fault.
/// `start` listens and starts the housekeeping `Sweeper`; `shutdown` stops it and drains.
/// `run(configuration:)` is `capstan serve`.
public final class App: Sendable {
    /// The version this server reports in `/healthz` and `--version`.
    public static var version: String { capstanVersion }

    public let configuration: Configuration
    /// Held for the app's lifetime; handlers reach it through the routes built in `make`.
    let store: Store
    /// Deletes expired sessions and old sign-in failures while the app runs.
    let sweeper: Sweeper
    /// Deletes package versions and files retention lets go, every `PackageRetentionSweep.interval`.
    let packageSweeper: Sweeper
    /// Records machines whose heartbeats stopped as offline.
    let livenessSweeper: Sweeper
    /// Gives freed heap pages back to the kernel (`MemoryTrim`).
    let memorySweeper: Sweeper
    /// The agents' parked job polls; whoever queues a job wakes its machine here.
    public let agentHub: AgentHub
    /// Every change to a job an agent reports, for the release engine and live pages.
    public let jobUpdates: EventBus<Job>
    /// The release engine; started with the server, stopped before it drains.
    public let releaseRunner: ReleaseRunner
    /// The route table the server answers from (method and pattern of each), for the tests that
    /// hold it to the OpenAPI document and to the sign-in rule.
    let routes: [Router.Route]
    /// Sends queued webhook deliveries; run every second by `webhookSweeper`, or by tests directly.
    let webhookSender: WebhookSender
    private let webhookSweeper: Sweeper
    private let server: Server
    private let logger: Logger

    /// Opens and migrates the database, loads the templates and builds the routes; does not listen yet.
    /// Tests pass their own `metrics` registry so apps in one process do not share counters, and
    /// `access` with a clock they control and a cheap password hasher.
    public static func make(
        configuration: Configuration,
        metrics: PrometheusCollectorRegistry = PrometheusMetricsFactory.defaultRegistry,
        access: AccessSettings = AccessSettings()
    ) async throws(StartupError) -> App {
        let level = configuration.logLevel
        let templates = try await Templates.load(from: configuration.resourcesDirectory)
        let staticFiles: StaticFiles
        do {
            staticFiles = try StaticFiles(root: configuration.publicDirectory)
        } catch {
            throw StartupError("static files directory \(configuration.publicDirectory) does not exist (set --public or CAPSTAN_PUBLIC)")
        }
        let store = try openStore(configuration, logger: makeLogger("capstan.storage", level: level))
        let logger = makeLogger("capstan", level: level)
        let artifacts = try openArtifacts(configuration, logger: logger)
        let liveness = Liveness(configuration)
        let hub = AgentHub()
        let jobUpdates = EventBus<Job>()
        let runner = ReleaseRunner(store: store, hub: hub, now: access.now, logger: makeLogger("capstan.releases", level: level))
        let agentOperations = AgentOperations(store: store, hub: hub, logs: try openJobLogs(configuration), liveness: liveness,
                                              jobUpdates: jobUpdates, now: access.now)
        let routes = Routes(store: store, templates: templates, artifacts: artifacts, staticFiles: staticFiles, metrics: metrics,
                            isDatabaseHealthy: databaseCheck(store), access: access, trustedProxies: configuration.trustedProxies,
                            maxPackageBytes: configuration.maxPackageBytes,
                            agents: AgentRoutes(operations: agentOperations, artifacts: artifacts), liveness: liveness,
                            releases: ReleaseRoutes(operations: ReleaseOperations(store: store, runner: runner, now: access.now),
                                                    live: ReleaseLiveFeed(releaseUpdates: runner.releaseUpdates, jobUpdates: jobUpdates)))
        await createFirstAdmin(store, access: access, logger: logger)
        let serverConfiguration = configuration.serverConfiguration(logger: makeLogger("capstan.http", level: level), errors: routes.errors)
        let router = routes.makeRouter()
        let server = Server(configuration: serverConfiguration, router: router, middleware: routes.makeMiddleware(logger: logger))
        let webhookSender = WebhookSender(store: store, now: access.now, logger: makeLogger("capstan.webhooks", level: level))
        let retention = PackageRetentionSweep(store: store, artifacts: artifacts, retention: PackageRetention(keepCount: configuration.keepPackages))
        return App(configuration: configuration, store: store, sweepers: [
            makeSweeper(store, access: access, logger: logger), makePackageSweeper(retention, now: access.now, logger: logger),
            AgentRoutes.makeLivenessSweeper(agentOperations, logger: logger),
            Sweeper(every: .seconds(1)) { await webhookSender.deliverDue() },
            MemoryTrim.makeSweeper { runner.hasAdvanced(within: .seconds(2)) },
        ], agentHub: hub, jobUpdates: jobUpdates, releaseRunner: runner, webhookSender: webhookSender, routes: router.routes, server: server, logger: logger)
    }

    private init(configuration: Configuration, store: Store, sweepers: [Sweeper], agentHub: AgentHub, jobUpdates: EventBus<Job>,
                 releaseRunner: ReleaseRunner, webhookSender: WebhookSender, routes: [Router.Route], server: Server, logger: Logger) {
        self.configuration = configuration
        self.store = store
        sweeper = sweepers[0]
        packageSweeper = sweepers[1]
        livenessSweeper = sweepers[2]
        webhookSweeper = sweepers[3]
        memorySweeper = sweepers[4]
        self.webhookSender = webhookSender
        self.routes = routes
        self.agentHub = agentHub
        self.jobUpdates = jobUpdates
        self.releaseRunner = releaseRunner
        self.server = server
        self.logger = logger
    }

    private var sweepers: [Sweeper] { [sweeper, packageSweeper, livenessSweeper, webhookSweeper, memorySweeper] }

    private func startSweepers() {
        for sweeper in sweepers { sweeper.start() }
        releaseRunner.start(jobUpdates: jobUpdates)
    }

    private func stopSweepers() async {
        await releaseRunner.stop()
        for sweeper in sweepers { await sweeper.stop() }
    }

    /// Listens and serves; returns the bound port (the configured one, or a free one for port 0).
    @discardableResult
    public func start() throws(StartupError) -> Int {
        let port: Int
        do {
            port = try server.start()
        } catch {
            throw StartupError("cannot listen on \(configuration.host):\(configuration.port): \(error)")
        }
        startSweepers()
        return port
    }

    /// The bound port once started.
    public var port: Int? { server.port }

    /// Stops accepting, lets requests in flight finish within the grace period, then returns.
    public func shutdown() async {
        await stopSweepers()
        endLongRequests()
        await server.shutdown()
    }

    /// Answers the requests that would otherwise hold up a drain: agents' parked polls, waits for a
    /// release (`?wait=`) and the live pages' event streams, which all end once the bus closes.
    private func endLongRequests() {
        agentHub.close()
        releaseRunner.releaseUpdates.close()
    }

    /// `capstan serve`: starts the app and returns after a graceful shutdown on SIGTERM or SIGINT.
    public static func run(configuration: Configuration) async throws(StartupError) {
        let app = try await make(configuration: configuration)
        app.startSweepers()
        do {
            try await app.server.runUntilSignalled(onSignal: { app.endLongRequests() })
        } catch {
            await app.stopSweepers()
            throw StartupError("cannot listen on \(configuration.host):\(configuration.port): \(error)")
        }
        await app.stopSweepers()
        app.logger.notice("stopped")
    }

    private static func makeLogger(_ label: String, level: Logger.Level) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
