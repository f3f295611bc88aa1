import Core
import Engine
import Foundation
import GRDB
import Storage

/// Starting releases and acting on them, for the API, the pages and the CLI alike. Every action
/// needs `deploy` in the application's group (reading needs `view`; a hidden release answers like a
/// missing one), is written and audited in one transaction, and then pokes the engine.
struct ReleaseOperations: Sendable {
    let store: Store
    let runner: ReleaseRunner
    let now: @Sendable () -> Date

    /// A release with how its hosts stand.
    struct Detail: Sendable {
        let release: Release
        let tally: ReleaseTally
    }

    // MARK: - Creating

    func create(_ request: ReleaseRequest, caller: Caller) async throws -> Release {
        let now = now()
        let release = try await store.write(invalidatingCredentials: false) { db in
            let resolved = try resolve(request, caller: caller, db)
            let (application, package, environment) = (resolved.application, resolved.package, resolved.environment)
            let target = AgentJob.Target(application)
            let spec = AgentJob(id: 0, releaseID: 0, action: .deploy, application: target, environment: environment.name,
                                version: package.version, targetRelease: 0,
                                package: AgentJob.PackageRef(id: package.id, sha256: package.sha256, size: package.size))
            let hosts = resolved.plan.batches.enumerated().flatMap { batch, members in
                members.map { ReleaseRecord.Host(machineID: resolved.machines[$0].id, batch: batch, spec: spec) }
            }
            let release = try db.createRelease(ReleaseRecord(
                applicationID: application.id, packageID: package.id, version: package.version, environmentID: environment.id,
                strategy: resolved.strategy, target: target, state: resolved.needsApproval ? .awaitingApproval : .running, requestedBy: caller.user.id,
                previousPackageID: try db.lastSucceededPackageID(applicationID: application.id, environmentID: environment.id),
                batchCount: resolved.plan.batches.count, overrideReason: resolved.isGateOverridden ? request.overrideReason : nil, hosts: hosts, now: now))
            var detail: [String: JSONValue] = [
                "application": .string(application.name), "version": .string(package.version), "sha256": .string(package.sha256),
                "environment": .string(environment.name), "hosts": .int(Int64(hosts.count)), "batches": .int(Int64(resolved.plan.batches.count)),
            ]
            if resolved.isGateOverridden, let reason = request.overrideReason { detail["promotionOverride"] = .string(reason) }
            try db.appendAudit(caller.auditEntry(at: now, action: "release.create", targetType: "release", targetID: String(release.id),
                                                 detail: detail))
            return release
        }
        runner.poke(release.id)
        return release
    }

    /// What a release request names, checked as creating it checks it: the application (that the
    /// caller may deploy), the version, the environment, no release in progress there, the targets,
    /// the promotion gate, and the batches the strategy makes of the targets.
    func resolve(_ request: ReleaseRequest, caller: Caller, _ db: Database) throws -> ResolvedRelease {
        try request.strategy?.validate(field: "strategy")
        if let reason = request.overrideReason {
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, reason.count <= 1000 else {
                throw AppError(.invalid, "overrideReason must be 1 to 1000 characters", field: "overrideReason")
            }
        }
        let notFound = AppError(.notFound, "no application named \(request.application.prefix(64))", field: "application")
        let application: Application
        do {
            application = try db.application(named: request.application)
        } catch let error as AppError where error.code == .notFound {
            throw notFound
        }
        try caller.principal.require(.deploy, in: application.groupID, orNotFound: notFound)
        guard let package = try db.package(of: application.id, version: request.version) else {
            throw AppError(.notFound, "\(application.name) has no version \(request.version.prefix(128))", field: "version")
        }
        guard let environment = try db.environment(named: request.environment) else {
            throw AppError(.notFound, "no environment named \(request.environment.prefix(64))", field: "environment")
        }
        if let holder = try db.unfinishedRelease(applicationID: application.id, environmentID: environment.id) {
            throw AppError(.conflict, "release \(holder.id) (\(application.name) \(holder.version) to \(environment.name)) is still \(holder.state.rawValue); wait for it or abort it first")
        }
        let machines = try targets(application, environment, subset: request.machineIDs, hostnames: request.hostnames, db)
        let overridden = try checkPromotion(package, application: application, to: environment, request: request, caller: caller, db)
        let strategy = request.strategy ?? application.defaultStrategy
        let plan = BatchPlan(strategy: strategy, datacenters: machines.map(\.datacenter), byDatacenter: strategy.byDatacenter)
        return ResolvedRelease(application: application, package: package, environment: environment, machines: machines,
                               plan: plan, strategy: strategy, isGateOverridden: overridden)
    }

    /// The promotion gate: the package must have succeeded in the environment ranked just below among
    /// those where the application's group has active machines (the lowest has no gate). An admin may
    /// skip it with a reason; true when that happened.
    private func checkPromotion(_ package: Package, application: Application, to environment: Core.Environment,
                                request: ReleaseRequest, caller: Caller, _ db: Database) throws -> Bool {
        let used = try db.environmentIDsWithTargets(groupID: application.groupID)
        guard let below = environment.promotionSource(among: try db.environments(), used: used),
              !(try db.packageSucceeded(packageID: package.id, environmentID: below.id))
        else { return false }
        guard request.overrideReason != nil else {
            throw AppError(.conflict, "\(application.name) \(package.version) has no succeeded release in \(below.name), the environment ranked below \(environment.name); release it there first (an admin may override with a reason)", field: "version")
        }
        guard caller.user.isAdmin, caller.principal.tokenScope == nil || caller.principal.tokenScope?.groups == .all else {
            throw AppError(.forbidden, "only an admin may skip the promotion gate", field: "overrideReason")
        }
        return true
    }

    /// The group's active machines in the environment, or the ones named by id or by hostname.
    private func targets(_ application: Application, _ environment: Core.Environment, subset: [Int64]?, hostnames: [String]?,
                         _ db: Database) throws -> [Machine] {
        let machines = try db.releaseTargets(groupID: application.groupID, environmentID: environment.id)
        let chosen: [Machine]
        if let hostnames, !hostnames.isEmpty {
            let byName = Dictionary(machines.map { ($0.hostname.lowercased(), $0) }) { first, _ in first }
            let unknown = hostnames.filter { byName[$0.lowercased()] == nil }
            guard unknown.isEmpty else {
                let names = unknown.prefix(5).joined(separator: ", ") + (unknown.count > 5 ? " and \(unknown.count - 5) more" : "")
                throw AppError(.invalid, "no active machine of \(application.name)'s group in \(environment.name) is named \(names)", field: "hosts")
            }
            chosen = hostnames.map { byName[$0.lowercased()]! }
        } else if let subset {
            let wanted = Set(subset)
            chosen = machines.filter { wanted.contains($0.id) }
            let missing = wanted.subtracting(chosen.map(\.id))
            guard missing.isEmpty else {
                throw AppError(.invalid, "machines \(missing.sorted().map(String.init).joined(separator: ", ")) are not active machines of \(application.name)'s group in \(environment.name)", field: "machines")
            }
        } else {
            chosen = machines
        }
        guard !chosen.isEmpty else {
            throw AppError(.invalid, "there are no active machines of \(application.name)'s group in \(environment.name)", field: "environment")
        }
        return chosen
    }

    // MARK: - Reading

    func detail(_ id: Int64, caller: Caller) async throws -> Detail {
        try await store.read { db in
            let release = try db.release(id: id)
            try caller.principal.require(.view, in: release.groupID, orNotFound: AppError(.notFound, "no release with id \(id)"))
            return Detail(release: release, tally: try db.releaseTally(id: id))
        }
    }

    func hosts(_ id: Int64, state: Job.State?, offset: Int, limit: Int, caller: Caller) async throws -> [ReleaseHost] {
        _ = try await detail(id, caller: caller)
        return try await store.read { db in try db.releaseHosts(releaseID: id, state: state, offset: offset, limit: limit) }
    }

    func list(_ query: ReleaseQuery, caller: Caller) async throws -> [Release] {
        var query = query
        if let groups = caller.principal.listableGroupIDs { query.groupIDs = Array(groups) }
        return try await store.read { [query] db in try db.releases(matching: query) }
    }

    /// The ids a list filter names; an unknown application or environment is a 422 on its field,
    /// a hidden application is as unknown as a missing one.
    func filterIDs(application: String?, environment: String?, caller: Caller) async throws -> (Int64?, Int64?) {
        try await store.read { db in
            try Self.filterIDs(application: application, environment: environment, principal: caller.principal, db)
        }
    }

    /// `filterIDs(application:environment:caller:)` inside a transaction the caller holds.
    static func filterIDs(application: String?, environment: String?, principal: Principal, _ db: Database) throws -> (Int64?, Int64?) {
        let applicationID = try application.map { name -> Int64 in
            guard let found = try? db.application(named: name), principal.role(in: found.groupID) != nil else {
                throw AppError(.invalid, "no application named \(name.prefix(64))", field: "application")
            }
            return found.id
        }
        let environmentID = try environment.map { name -> Int64 in
            guard let found = try db.environment(named: name) else {
                throw AppError(.invalid, "no environment named \(name.prefix(64))", field: "environment")
            }
            return found.id
        }
        return (applicationID, environmentID)
    }

    // MARK: - Acting

    func approve(_ id: Int64, caller: Caller) async throws -> Release {
        try await act(id, "release.approve", caller) { release, _ in
            guard release.state == .awaitingApproval else { throw conflict(release, "cannot be approved") }
            guard release.requestedBy != caller.user.id else {
                throw AppError(.forbidden, "you requested this release; someone else with deployer or owner on the group must approve it")
            }
            release.state = .running
            release.approvedBy = caller.user.id
            release.approvedAt = now()
            release.startedAt = now()
        }
    }

    func pause(_ id: Int64, caller: Caller) async throws -> Release {
        try await act(id, "release.pause", caller) { release, _ in
            guard release.state == .running else { throw conflict(release, "cannot be paused") }
            release.state = .paused
            release.resumeAt = nil
            release.message = "paused by \(caller.user.login)"
        }
    }

    func resume(_ id: Int64, caller: Caller) async throws -> Release {
        try await act(id, "release.resume", caller) { release, _ in
            guard release.state == .paused else { throw conflict(release, "is not paused") }
            release.state = .running
            release.resumeAt = nil
            release.message = nil
        }
    }

    /// Cancels what no agent has been handed; hosts already handed their job finish (`finish`) or are
    /// told to stop (`stop`).
    func abort(_ id: Int64, mode: Release.AbortMode, caller: Caller) async throws -> Release {
        try await act(id, "release.abort", caller, detail: ["mode": .string(mode.rawValue)]) { release, db in
            guard !release.isFinished else { throw conflict(release, "is already finished") }
            let message = "aborted by \(caller.user.login)"
            let states: [Job.State] = mode == .stop ? [.pending, .queued, .delivered, .running] : [.pending, .queued]
            _ = try db.cancelJobs(releaseID: release.id, states: states, now: now(), message: message)
            release.abortMode = mode
            release.message = message
            if release.state == .awaitingApproval {
                release.state = .aborted
                release.finishedAt = now()
            } else {
                release.state = .stopping
            }
        }
    }

    /// Gives failed, unreachable and cancelled hosts a new attempt and runs the release again.
    func retry(_ id: Int64, caller: Caller) async throws -> Release {
        try await act(id, "release.retry", caller) { release, db in
            guard [.failed, .aborted, .succeeded, .running, .paused].contains(release.state), !release.isRollback else {
                throw conflict(release, "cannot be retried")
            }
            try requireNewest(release, db)
            if release.isFinished, let holder = try db.unfinishedRelease(applicationID: release.applicationID, environmentID: release.environmentID) {
                throw AppError(.conflict, "release \(holder.id) is still \(holder.state.rawValue)")
            }
            let retried = try db.retryJobs(releaseID: release.id)
            guard retried.count > 0, let first = retried.firstBatch else {
                throw AppError(.conflict, "release \(release.id) has no failed, unreachable or cancelled hosts to retry")
            }
            if release.state != .paused { release.state = .running }
            release.currentBatch = min(release.currentBatch, first)
            if release.isFinished || release.finishedAt != nil { release.currentBatch = first }
            release.finishedAt = nil
            release.abortMode = nil
            release.resumeAt = nil
            release.message = "retrying \(retried.count == 1 ? "1 host" : "\(retried.count) hosts")"
        }
    }

    /// A new release that returns the hosts `id` switched to where they were before it, from the
    /// releases kept on them (nothing is downloaded).
    func rollback(_ id: Int64, caller: Caller) async throws -> Release {
        let now = now()
        let release = try await store.write(invalidatingCredentials: false) { db in
            let original = try db.release(id: id)
            try caller.principal.require(.deploy, in: original.groupID, orNotFound: AppError(.notFound, "no release with id \(id)"))
            guard original.isFinished else { throw conflict(original, "is not finished; abort it first") }
            guard original.state != .rolledBack else { throw conflict(original, "was already rolled back") }
            try requireNewest(original, db)
            var hosts: [ReleaseRecord.Host] = []
            var packageID: Int64?
            var version = ""
            for (machineID, batch) in try db.switchedMachines(releaseID: id) {
                guard let previous = try db.previousInstall(machineID: machineID, applicationID: original.applicationID, before: id) else { continue }
                packageID = packageID ?? previous.packageID
                version = version.isEmpty ? previous.version : version
                let spec = AgentJob(id: 0, releaseID: 0, action: .rollback, application: original.target, environment: original.environmentName,
                                    version: previous.version, targetRelease: previous.release, package: nil)
                hosts.append(ReleaseRecord.Host(machineID: machineID, batch: batch, spec: spec))
            }
            guard let packageID, !hosts.isEmpty else {
                throw AppError(.conflict, "no host of release \(id) has an earlier release of \(original.applicationName) to return to")
            }
            var strategy = original.strategy
            strategy.pause = .none
            strategy.autoRollback = false
            let batchCount = (hosts.map(\.batch).max() ?? 0) + 1
            let rollback = try db.createRelease(ReleaseRecord(
                applicationID: original.applicationID, packageID: packageID, version: version, environmentID: original.environmentID,
                strategy: strategy, target: original.target, state: .running, requestedBy: caller.user.id, rollbackOf: id,
                previousPackageID: original.packageID, batchCount: batchCount, hosts: hosts, now: now))
            try db.appendAudit(caller.auditEntry(
                at: now, action: "release.rollback", targetType: "release", targetID: String(rollback.id),
                detail: ["rollbackOf": .int(id), "application": .string(original.applicationName), "version": .string(version),
                         "environment": .string(original.environmentName), "hosts": .int(Int64(hosts.count))]))
            return rollback
        }
        runner.poke(release.id)
        return release
    }

    /// The newest release of an application in an environment, for `capstan rollback --app --env`.
    func latest(application name: String, environment: String, caller: Caller) async throws -> Release {
        try await store.read { db in
            let application = try db.application(named: name)
            try caller.principal.require(.view, in: application.groupID, orNotFound: AppError(.notFound, "no application named \(name.prefix(64))"))
            guard let environment = try db.environment(named: environment) else {
                throw AppError(.notFound, "no environment named \(environment.prefix(64))")
            }
            guard let release = try db.latestRelease(applicationID: application.id, environmentID: environment.id) else {
                throw AppError(.notFound, "\(application.name) was never released to \(environment.name)")
            }
            return release
        }
    }

    private func requireNewest(_ release: Release, _ db: Database) throws {
        if let newest = try db.latestRelease(applicationID: release.applicationID, environmentID: release.environmentID), newest.id != release.id {
            throw AppError(.conflict, "release \(newest.id) of \(release.applicationName) to \(release.environmentName) is newer; act on that one")
        }
    }

    /// Loads the release, checks `deploy`, lets `change` edit it, saves and audits it in one
    /// transaction, then pokes the engine.
    private func act(_ id: Int64, _ action: String, _ caller: Caller, detail: [String: JSONValue] = [:],
                     _ change: @escaping @Sendable (inout Release, Database) throws -> Void) async throws -> Release {
        let now = now()
        let release = try await store.write(invalidatingCredentials: false) { db in
            var release = try db.release(id: id)
            try caller.principal.require(.deploy, in: release.groupID, orNotFound: AppError(.notFound, "no release with id \(id)"))
            try change(&release, db)
            let saved = try db.saveRelease(release, now: now)
            try db.appendAudit(caller.auditEntry(at: now, action: action, targetType: "release", targetID: String(id),
                                                 detail: detail.merging(["state": .string(saved.state.rawValue)]) { a, _ in a }))
            return saved
        }
        runner.releaseUpdates.publish(release)
        runner.poke(id)
        return release
    }

    private func conflict(_ release: Release, _ what: String) -> AppError {
        AppError(.conflict, "release \(release.id) is \(release.state.rawValue) and \(what)")
    }
}
