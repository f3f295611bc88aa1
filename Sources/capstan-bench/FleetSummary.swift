import Foundation

/// What the fleet simulator saw, printed as one JSON line (`summary {…}`) when it is told to stop.
/// Times are CLOCK_MONOTONIC nanoseconds, comparable with the server side's.
struct FleetSummary: Codable, Sendable {
    /// One heartbeat: when it started, how long until its whole answer arrived, and whether it was a 200.
    struct Heartbeat: Codable, Sendable {
        let at: Int64
        let nanoseconds: Int64
        let isOK: Bool
    }

    /// One poll answered with jobs.
    struct Receipt: Codable, Sendable {
        let agent: Int
        /// When the answer had reached the agent's socket (the kernel's stamp, else `readAt`).
        let at: Int64
        /// When the simulator read and parsed it.
        let readAt: Int64
        let jobIDs: [Int64]
    }

    var heartbeats: [Heartbeat] = []
    var receipts: [Receipt] = []
    /// Heartbeats whose connection failed before an answer, by the time they started.
    var failedHeartbeats: [Int64] = []
    /// Heartbeats not sent because the previous one of the same agent was still unanswered.
    var overruns = 0
    var connectFailures = 0
    var reconnects = 0
    /// Polls answered with something other than 200 or 204; that agent stops polling.
    var pollFailures = 0
    /// Receipts timed by the kernel's receive stamp (`ReceiveTimestamps`); the rest by the
    /// simulator's clock when it read them.
    var kernelStampedReceipts = 0

    static let prefix = "summary "

    /// The summary in the child's output, if it printed one.
    static func find(in output: String) throws -> FleetSummary? {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix(prefix) }) else { return nil }
        return try JSONDecoder().decode(FleetSummary.self, from: Data(line.dropFirst(prefix.count).utf8))
    }
}
