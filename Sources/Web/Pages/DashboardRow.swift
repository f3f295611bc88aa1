import Core
import Foundation
import Storage

/// The dashboard's rows as template values.
enum DashboardRow {
    /// A running release: its progress as hosts done (finished one way or another) of all its hosts.
    static func running(_ release: Release, tally: ReleaseTally) -> [String: Any] {
        let total = tally.total(.main)
        let done = tally.count(.main) { $0.isFinished }
        var row = common(release)
        row["done"] = done
        row["total"] = total
        row["failed"] = tally.failures(.main)
        row["hasFailed"] = tally.failures(.main) > 0
        row["percent"] = total == 0 ? 0 : done * 100 / total
        row["batch"] = "\(release.currentBatch + 1) of \(release.batchCount)"
        row["isWaiting"] = release.state == .awaitingApproval
        row["startedAt"] = release.startedAt.map(RFC3339.string)
        return row
    }

    static func finished(_ release: Release) -> [String: Any] {
        var row = common(release)
        row["finishedAt"] = release.finishedAt.map(RFC3339.string)
        if let started = release.startedAt, let finished = release.finishedAt {
            row["duration"] = ReleaseStrategy.durationText(max(0, Int(finished.timeIntervalSince(started).rounded())))
        }
        row["message"] = release.message ?? ""
        return row
    }

    private static func common(_ release: Release) -> [String: Any] {
        ["id": String(release.id), "application": release.applicationName, "packageVersion": release.version,
         "environment": release.environmentName, "state": release.state.rawValue, "requestedBy": release.requestedByLogin,
         "isRollback": release.isRollback]
    }

    /// An application in an environment: the version expected there, how many hosts run what, and
    /// how many differ, linking to the version map filtered to it.
    static func version(_ entry: VersionMap.Entry) -> [String: Any] {
        let link = "/versions" + QueryString.make([(name: "application", value: entry.applicationName),
                                                  (name: "environment", value: entry.environmentName)])
        return ["application": entry.applicationName, "environment": entry.environmentName,
                "expected": entry.expectedVersion ?? "none yet", "hosts": entry.hostCount,
                "running": entry.versions.map { "\($0.version ?? "nothing") on \($0.hosts)" }.joined(separator: ", "),
                "differing": entry.differing.count, "hasDiffering": !entry.differing.isEmpty, "link": link]
    }

    /// One row per group and environment, linking to the machine list with the same filters.
    static func fleet(_ cells: [FleetCell]) -> [[String: Any]] {
        cells.map { cell in
            let link = "/machines" + QueryString.make([(name: "group", value: String(cell.groupID)),
                                                      (name: "environment", value: String(cell.environmentID))])
            return ["group": cell.groupName, "environment": cell.environmentName, "online": cell.online,
                    "offline": cell.offline, "total": cell.total, "hasOffline": cell.offline > 0, "link": link,
                    "offlineLink": link + "&online=false"]
        }
    }

    static func totals(_ cells: [FleetCell]) -> [String: Any]? {
        guard !cells.isEmpty else { return nil }
        let total = cells.reduce(0) { $0 + $1.total }, online = cells.reduce(0) { $0 + $1.online }
        return ["total": total, "online": online, "offline": total - online, "hasOffline": total > online]
    }
}
