import Core
import Foundation

/// One release as the history export writes it: who asked and approved, what it shipped, when,
/// and how its hosts ended.
///
/// Host counts are over the current attempt of each host in the release's own (`main`) phase:
/// `failed` counts failed, interrupted and refused hosts; `unreachable` those that never answered.
public struct ReleaseExportRow: Sendable, Equatable {
    public var id: Int64
    public var application: String
    public var group: String
    public var version: String
    public var sha256: String
    public var environment: String
    public var requestedBy: String
    public var approvedBy: String?
    public var approvedAt: Date?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// The release's state: its outcome once finished.
    public var state: String
    public var hostsSucceeded: Int
    public var hostsFailed: Int
    public var hostsUnreachable: Int
    /// The first release whose `rollbackOf` names this one.
    public var rolledBackBy: Int64?
    public var rollbackOf: Int64?
    public var overrideReason: String?
    public var message: String?
}

/// One job of a release as the per-host export writes it: the host, the attempt, its times and outcome.
public struct ReleaseHostExportRow: Sendable, Equatable {
    public var jobID: Int64
    public var releaseID: Int64
    public var application: String
    public var group: String
    public var version: String
    public var environment: String
    public var machineID: Int64
    public var hostname: String
    public var datacenter: String
    public var phase: String
    public var batch: Int
    public var attempt: Int
    /// False once a retry gave the host a newer attempt.
    public var isCurrent: Bool
    public var action: String
    public var state: String
    public var queuedAt: Date?
    public var startedAt: Date?
    public var finishedAt: Date?
    public var exitCode: Int?
    public var message: String?
}
