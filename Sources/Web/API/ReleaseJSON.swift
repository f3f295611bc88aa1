import Core
import Foundation
import Storage

/// Releases as the API and the event stream write them.
///
/// `hosts` counts the current job of every host by state; `batches` does the same per batch, and
/// `undo` for the hosts an automatic rollback returns.
enum ReleaseJSON {
    static func release(_ release: Release, tally: ReleaseTally?) -> JSONValue {
        var value: [String: JSONValue] = [
            "id": WireJSON.id(release.id), "application": .string(release.applicationName), "applicationID": WireJSON.id(release.applicationID),
            "groupID": WireJSON.id(release.groupID), "version": .string(release.version), "packageID": WireJSON.id(release.packageID),
            "environment": .string(release.environmentName), "environmentID": WireJSON.id(release.environmentID),
            "state": .string(release.state.rawValue), "finished": .bool(release.isFinished),
            "message": release.message.map(JSONValue.string) ?? .null,
            "strategy": strategy(release.strategy),
            "requestedBy": .string(release.requestedByLogin), "approvedBy": release.approvedByLogin.map(JSONValue.string) ?? .null,
            "approvedAt": WireJSON.date(release.approvedAt), "rollbackOf": release.rollbackOf.map(WireJSON.id) ?? .null,
            "previousPackageID": release.previousPackageID.map(WireJSON.id) ?? .null,
            "overrideReason": release.overrideReason.map(JSONValue.string) ?? .null,
            "batchCount": .int(Int64(release.batchCount)), "currentBatch": .int(Int64(release.currentBatch)),
            "resumeAt": WireJSON.date(release.resumeAt), "abortMode": release.abortMode.map { .string($0.rawValue) } ?? .null,
            "revision": .int(release.revision), "createdAt": WireJSON.date(release.createdAt),
            "startedAt": WireJSON.date(release.startedAt), "finishedAt": WireJSON.date(release.finishedAt),
        ]
        if let tally {
            value["hosts"] = counts(tally.byState(.main))
            value["batches"] = .array((0..<release.batchCount).map { batch in
                var counts = counts(tally.byState(.main, batch: batch))
                if case .object(var fields) = counts { fields["batch"] = .int(Int64(batch)); counts = .object(fields) }
                return counts
            })
            value["undo"] = tally.total(.undo) == 0 ? .null : counts(tally.byState(.undo))
        }
        return .object(value)
    }

    /// `{"total":N,"pending":…,"succeeded":…}` with every state present.
    static func counts(_ byState: [Job.State: Int]) -> JSONValue {
        var fields: [String: JSONValue] = ["total": .int(Int64(byState.values.reduce(0, +)))]
        for state in Job.State.allCases { fields[state.rawValue] = .int(Int64(byState[state] ?? 0)) }
        return .object(fields)
    }

    static func strategy(_ strategy: ReleaseStrategy) -> JSONValue {
        guard let data = try? JSONEncoder().encode(strategy), let value = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            return .null
        }
        return value
    }

    static func host(_ host: ReleaseHost) -> JSONValue {
        var value = job(host.job)
        if case .object(var fields) = value {
            fields["hostname"] = .string(host.hostname)
            fields["datacenter"] = .string(host.datacenter)
            value = .object(fields)
        }
        return value
    }

    /// A job of a release, with its phase and when it was dispatched.
    static func job(_ job: Job) -> JSONValue {
        var value = JobsAPI.json(job, steps: nil, hostname: nil)
        if case .object(var fields) = value {
            fields["phase"] = .string(job.phase.rawValue)
            fields["queuedAt"] = WireJSON.date(job.queuedAt)
            value = .object(fields)
        }
        return value
    }
}
