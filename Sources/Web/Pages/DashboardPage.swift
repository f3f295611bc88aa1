import Core
import Foundation
import HTTP
import Storage

/// `GET /`: the dashboard. What runs now (with live progress through `GET /releases/events`), what
/// finished lately, the machines online and offline per group and environment, and the links to go
/// further. Everything is limited to the groups the caller may view, and bounded in size whatever the
/// fleet: at most `runningLimit` running releases, `recentLimit` finished ones, and one row per group
/// and environment.
struct DashboardPage: Sendable {
    static let runningLimit = 20
    static let recentLimit = 10
    static let versionLimit = 30

    let templates: Templates
    let store: Store
    let liveness: Liveness
    let now: @Sendable () -> Date
    /// Nil when the server runs without the release engine (some tests): no release sections.
    let releases: ReleaseOperations?

    func show(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        var values: [String: Any] = ["hasReleases": releases != nil]
        if let releases {
            let running = try await releases.list(ReleaseQuery(states: Self.unfinished, limit: Self.runningLimit), caller: caller)
            let shown = Array(running.prefix(Self.runningLimit))
            let tallies = try await store.read { db in try shown.map { try db.releaseTally(id: $0.id) } }
            values["running"] = zip(shown, tallies).map(DashboardRow.running)
            values["hasRunning"] = !shown.isEmpty
            values["moreRunning"] = running.count > Self.runningLimit
            let finished = Release.State.allCases.filter(\.isFinished)
            let recent = try await releases.list(ReleaseQuery(states: finished, limit: Self.recentLimit), caller: caller)
            values["recent"] = recent.prefix(Self.recentLimit).map(DashboardRow.finished)
            values["hasRecent"] = !recent.isEmpty
        }
        let cells = try await store.read { [liveness, now] db in
            try db.fleetSummary(visibleGroupIDs: caller.principal.listableGroupIDs, now: now(), offlineAfter: liveness.offlineAfter)
        }
        values["fleet"] = DashboardRow.fleet(cells)
        values["hasFleet"] = !cells.isEmpty
        values["fleetTotals"] = DashboardRow.totals(cells)
        let map = try await StatisticsOperations(store: store, now: now).versions(.init(), caller: caller)
        values["versionRows"] = map.entries.prefix(Self.versionLimit).map(DashboardRow.version)
        values["hasVersions"] = !map.entries.isEmpty
        values["moreVersions"] = map.entries.count > Self.versionLimit
        values["eventsURL"] = "/releases/events"
        return .html(templates.render(.home, PageContext.make(title: "Dashboard", path: "/", caller: caller, values)))
    }

    static let unfinished = Release.State.allCases.filter { !$0.isFinished }
}
