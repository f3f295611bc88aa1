import Core
import Foundation
import HTTP
import Storage

/// The statistics routes: `GET /api/v1/stats` and `GET /api/v1/versions` (`StatisticsAPI`), and
/// the pages `GET /stats` (`StatisticsPages`) and `GET /versions` (`VersionsPage`).
struct StatisticsRoutes: Sendable {
    let store: Store
    let templates: Templates
    let now: @Sendable () -> Date

    func register(in router: inout Router) {
        let statistics = StatisticsOperations(store: store, now: now)
        let api = StatisticsAPI(statistics: statistics)
        router.group("/api/v1") { routes in
            routes.get("/stats", use: api.stats)
            routes.get("/versions", use: api.versions)
        }
        let pages = StatisticsPages(templates: templates, statistics: statistics, groups: GroupOperations(store: store, now: now),
                                    environments: EnvironmentOperations(store: store, now: now))
        router.get("/stats", use: pages.show)
        router.get("/versions", use: VersionsPage(templates: templates, statistics: statistics, options: pages).show)
    }
}
