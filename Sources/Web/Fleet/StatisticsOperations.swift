import Core
import Foundation
import GRDB
import Storage

/// Statistics, delivery metrics and the version map, for the API and the pages alike. Everything
/// is computed over the groups the caller may view: a group filter the caller cannot see is as
/// unknown as a missing one (404), and so is an application in such a group.
struct StatisticsOperations: Sendable {
    let store: Store
    let now: @Sendable () -> Date

    /// The filter as given (`group` an id; `application` and `environment` names; `from`, `to`
    /// days), empty values meaning "any" or the default.
    struct Filter: Sendable, Equatable {
        static let names = ["group", "application", "environment", "from", "to"]
        var values: [String: String] = [:]

        subscript(name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }

        /// The version map has no period.
        var withoutPeriod: Filter { Filter(values: values.filter { $0.key != "from" && $0.key != "to" }) }
    }

    /// Everything `/stats` shows.
    struct Report: Sendable {
        let period: StatisticsPeriod
        let releases: ReleaseStatistics
        /// Where delivery metrics were measured: the filter's environment, else the highest-ranked
        /// one; nil when there are no environments.
        let deliveryEnvironment: Core.Environment?
        let delivery: DeliveryMetrics
    }

    func report(_ filter: Filter, caller: Caller) async throws -> Report {
        let now = now()
        let period = try StatisticsPeriod(from: filter["from"], to: filter["to"], now: now)
        return try await store.read { db in
            let scope = try Self.scope(filter, caller: caller, db)
            let releases = ReleaseStatistics(facts: try db.releaseFacts(scope, startedFrom: period.start, before: period.end),
                                             failingSteps: try db.failingSteps(scope, startedFrom: period.start, before: period.end),
                                             period: period)
            let environment = try scope.environmentID.map { try db.environment(id: $0) } ?? db.environments().last
            let weeks = period.weeks
            var deliveryScope = scope
            deliveryScope.environmentID = environment?.id
            let facts = try environment == nil ? [] : db.releaseFacts(deliveryScope, finishedFrom: weeks[0].start, before: weeks[weeks.count - 1].end)
            return Report(period: period, releases: releases, deliveryEnvironment: environment,
                          delivery: DeliveryMetrics(facts: facts, weeks: weeks, now: now))
        }
    }

    func versions(_ filter: Filter, caller: Caller) async throws -> VersionMap {
        try await store.read { db in
            let hosts = try db.versionHosts(try Self.scope(filter, caller: caller, db))
            let keys = Set(hosts.map { VersionMap.Key(applicationID: $0.applicationID, environmentID: $0.environmentID) })
            return VersionMap(hosts: hosts, expected: try db.expectedVersions(keys))
        }
    }

    /// The filter as a scope within what the caller may view.
    static func scope(_ filter: Filter, caller: Caller, _ db: Database) throws -> StatisticsScope {
        let principal = caller.principal
        var scope = StatisticsScope(groupIDs: principal.listableGroupIDs)
        if let text = filter["group"] {
            guard let id = Int64(text), id > 0 else { throw AppError(.invalid, "group must be a group id", field: "group") }
            try principal.require(.view, in: id, orNotFound: AppError(.notFound, "no group with id \(id)", field: "group"))
            let chosen = principal.tree.expanding([id])
            scope.groupIDs = scope.groupIDs.map { $0.intersection(chosen) } ?? chosen
        }
        if let name = filter["application"] {
            let missing = AppError(.notFound, "no application named \(name.prefix(64))", field: "application")
            guard let application = try? db.application(named: name) else { throw missing }
            try principal.require(.view, in: application.groupID, orNotFound: missing)
            guard scope.groupIDs?.contains(application.groupID) ?? true else {
                throw AppError(.invalid, "application \(application.name) is not in group \(filter["group"] ?? "")", field: "application")
            }
            scope.applicationID = application.id
        }
        if let name = filter["environment"] {
            guard let environment = try db.environment(named: name) else {
                throw AppError(.notFound, "no environment named \(name.prefix(64))", field: "environment")
            }
            scope.environmentID = environment.id
        }
        return scope
    }
}
