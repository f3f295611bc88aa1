import Core
import Foundation

/// What the agent keeps on disk about one job (`<state>/jobs/<id>.json`): the job as delivered,
/// when it started here, and once finished its result and whether the server acknowledged it.
///
/// A record without a result means the job was running when the agent last stopped.
struct JobRecord: Sendable, Codable, Equatable {
    var job: AgentJob
    var startedAt: Date
    var result: JobResult?
    var acknowledgedAt: Date?

    var isAcknowledged: Bool { acknowledgedAt != nil }
}
