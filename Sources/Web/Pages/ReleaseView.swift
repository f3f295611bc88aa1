import Core
import Foundation
import Storage

/// A release as its page shows it: the header, the counts table, the host rows and the actions
/// the caller may take now.
///
/// Every number the live script updates carries a `data-count` key (`batch-0-failed`,
/// `total-running`, `undo-total`) and every host row its machine and phase, matching the names of
/// the `release` and `host` events of `/api/v1/releases/{id}/events` (see `Public/capstan.js`).
enum ReleaseView {
    static func header(_ release: Release) -> [String: Any] {
        var values: [String: Any] = [
            "id": String(release.id), "application": release.applicationName, "packageVersion": release.version,
            "environment": release.environmentName, "state": release.state.rawValue, "isFinished": release.isFinished,
            "requestedBy": release.requestedByLogin, "createdAt": RFC3339.string(release.createdAt),
            "batchCount": release.batchCount, "currentBatch": release.currentBatch + 1,
            "strategy": release.strategy.summary, "message": release.message ?? "",
            "eventsURL": "/api/v1/releases/\(release.id)/events",
        ]
        values["approvedBy"] = release.approvedByLogin
        values["approvedAt"] = release.approvedAt.map(RFC3339.string)
        values["startedAt"] = release.startedAt.map(RFC3339.string)
        values["finishedAt"] = release.finishedAt.map(RFC3339.string)
        values["resumeAt"] = release.resumeAt.map(RFC3339.string)
        values["overrideReason"] = release.overrideReason
        values["rollbackOf"] = release.rollbackOf.map { ["id": String($0), "link": "/releases/\($0)"] }
        values["abortMode"] = release.abortMode?.rawValue
        return values
    }

    /// The table of counts: a row per batch, the totals, and the undo row when an automatic
    /// rollback made undo jobs; a column per job state.
    static func counts(_ release: Release, _ tally: ReleaseTally) -> [String: Any] {
        var rows = (0..<release.batchCount).map { batch in
            row("batch-\(batch)", label: "Batch \(batch + 1)", tally.byState(.main, batch: batch), isCurrent: batch == release.currentBatch && !release.isFinished)
        }
        rows.append(row("total", label: "All hosts", tally.byState(.main), isTotal: true))
        if tally.total(.undo) > 0 { rows.append(row("undo", label: "Rollback", tally.byState(.undo), isTotal: true)) }
        return ["columns": Job.State.allCases.map { ["state": $0.rawValue] }, "rows": rows]
    }

    private static func row(_ key: String, label: String, _ byState: [Job.State: Int], isCurrent: Bool = false,
                            isTotal: Bool = false) -> [String: Any] {
        var cells: [[String: Any]] = Job.State.allCases.map { state in
            let count = byState[state] ?? 0
            return ["key": "\(key)-\(state.rawValue)", "count": count, "isZero": count == 0]
        }
        cells.append(["key": "\(key)-total", "count": byState.values.reduce(0, +), "isZero": false, "isSum": true])
        return ["label": label, "cells": cells, "isCurrent": isCurrent, "isTotal": isTotal]
    }

    static func host(_ host: ReleaseHost) -> [String: Any] {
        let job = host.job
        var values: [String: Any] = [
            "machineID": String(job.machineID), "hostname": host.hostname, "datacenter": host.datacenter, "batch": job.batch + 1,
            "phase": job.phase.rawValue, "isUndo": job.phase == .undo, "state": job.state.rawValue, "attempt": job.attempt,
            "isFailure": job.state.isFailure, "message": job.message ?? "", "jobID": String(job.id),
            "jobLink": "/jobs/\(job.id)",
        ]
        values["startedAt"] = job.startedAt.map(RFC3339.string) ?? ""
        values["finishedAt"] = job.finishedAt.map(RFC3339.string) ?? ""
        return values
    }

    /// The action forms the caller may use in the release's current state; nil when none.
    static func actions(_ release: Release, caller: Caller) -> [String: Any]? {
        guard caller.principal.decide(.deploy, in: release.groupID).isAllowed else { return nil }
        let state = release.state
        let isOwnRequest = release.requestedBy == caller.user.id
        var actions: [String: Any] = [
            "approve": state == .awaitingApproval && !isOwnRequest,
            "pause": state == .running, "resume": state == .paused, "abort": !release.isFinished,
            "retry": (state == .failed || state == .aborted) && !release.isRollback,
            "rollback": release.isFinished && state != .rolledBack,
        ]
        if state == .awaitingApproval && isOwnRequest {
            actions["approvalNote"] = "You requested this release: someone else with deploy rights in its group must approve it."
        }
        let any = ["approve", "pause", "resume", "abort", "retry", "rollback"].contains { actions[$0] as? Bool == true }
        return any || actions["approvalNote"] != nil ? actions : nil
    }
}
