import Core
import Foundation
import Glibc

/// The `fleet-agents` half of `capstan-bench fleet`: every simulated agent on one thread and one
/// level-triggered epoll loop, speaking the real agent protocol to 127.0.0.1.
///
/// Agent `i` holds two keep-alive connections (tags `2i` and `2i+1`): heartbeats, the first one
/// `i/N` of an interval after the start and then every interval, timed from the first byte sent to
/// the last byte of the answer; and a job poll that is always parked. The first poll waits
/// `30 + 30·i/N` seconds and every later one 30, so the 204s that end polls arrive spread out as
/// they would from a fleet that did not start in the same second. With `connectionPerHeartbeat`
/// each heartbeat opens a connection of its own (timed from the connect) and closes it after the
/// answer. Connections come from 127.0.0.2, 127.0.0.3, … (`perSourceAddress` each) so a single
/// source address cannot run out of ephemeral ports.
final class FleetSimulator {
    struct Settings: Sendable {
        let port: UInt16
        let tokens: [String]
        let heartbeatInterval: Int64
        let connectionPerHeartbeat: Bool
        /// The simulator stops by itself after this long, whatever the parent does.
        let lifetime: Int64
        /// Report every job received as succeeded at once, in a heartbeat (`capstan-bench dispatch`).
        var reportsResults = false
    }

    static let perSourceAddress = 2000
    static let maxConnecting = 256
    static let maxConnectFailures = 10_000

    let settings: Settings
    let requests: FleetRequests
    let epoll: Epoll
    var connections: [FleetConnection]
    var hasPolled: [Bool]
    var hasFailedPolling: [Bool]
    var connectQueue: [Int] = []
    var connectQueueHead = 0
    var connecting = 0
    var firstPolls = 0
    var receiptCount = 0
    var bodies: [(agent: Int, at: Int64, readAt: Int64, body: [UInt8])] = []
    /// Result heartbeats waiting for their agent's heartbeat connection (`reportsResults`).
    var pendingReports: [[[UInt8]]]
    let resultEncoder = AgentWire.makeEncoder()
    let jobDecoder = AgentWire.makeDecoder()
    var summary = FleetSummary()
    var chunk = [UInt8](repeating: 0, count: 65_536)
    private var start: Int64 = 0
    private var nextAgent = 0
    private var round: Int64 = 0

    var agentCount: Int { settings.tokens.count }

    init(settings: Settings) throws {
        self.settings = settings
        requests = try FleetRequests(tokens: settings.tokens, port: settings.port)
        epoll = try Epoll()
        connections = Array(repeating: FleetConnection(), count: settings.tokens.count * 2)
        hasPolled = Array(repeating: false, count: settings.tokens.count)
        hasFailedPolling = hasPolled
        pendingReports = Array(repeating: [], count: settings.reportsResults ? settings.tokens.count : 0)
    }

    /// Runs until SIGTERM or SIGINT, the end of `lifetime`, or the parent's exit; returns what it saw.
    func run() -> FleetSummary {
        start = MonotonicClock.now()
        for agent in 0..<agentCount {
            enqueue(2 * agent + 1)
            if !settings.connectionPerHeartbeat { enqueue(2 * agent) }
        }
        let parent = getppid()
        var nextStats = start + 1_000_000_000
        while !Interrupt.isRequested {
            let now = MonotonicClock.now()
            guard now - start < settings.lifetime, summary.connectFailures < Self.maxConnectFailures else {
                FleetOutput.emit("stopping by itself: lifetime over or \(summary.connectFailures) failed connects")
                break
            }
            sendDueHeartbeats(now)
            startConnects(now)
            if now >= nextStats {
                FleetOutput.emit(statsLine(now))
                nextStats += 1_000_000_000
                if getppid() != parent { break }
            }
            epoll.wait(milliseconds: timeout(now)) { tag, readable, writable in
                self.handle(tag, readable: readable, writable: writable)
            }
        }
        return finishedSummary()
    }

    private func sendDueHeartbeats(_ now: Int64) {
        while dueTime(nextAgent) <= now {
            beat(agent: nextAgent, now)
            nextAgent += 1
            if nextAgent == agentCount { (nextAgent, round) = (0, round + 1) }
        }
    }

    private func dueTime(_ agent: Int) -> Int64 {
        start + round * settings.heartbeatInterval + Int64(agent) * settings.heartbeatInterval / Int64(agentCount)
    }

    private func timeout(_ now: Int64) -> Int32 {
        if connectQueueHead < connectQueue.count && connecting < Self.maxConnecting { return 0 }
        return Int32(clamping: min(100, max(0, (dueTime(nextAgent) - now + 999_999) / 1_000_000)))
    }

    func enqueue(_ tag: Int) {
        connectQueue.append(tag)
    }

    private func startConnects(_ now: Int64) {
        let end = connectQueue.count  // a failed connect queues its tag again, for the next turn
        while connecting < Self.maxConnecting, connectQueueHead < end {
            open(connectQueue[connectQueueHead], now)
            connectQueueHead += 1
        }
        if connectQueueHead > 4096, connectQueueHead * 2 > connectQueue.count {
            connectQueue.removeFirst(connectQueueHead)
            connectQueueHead = 0
        }
    }

    private func statsLine(_ now: Int64) -> String {
        let open = connections.lazy.filter(\.isReady).count
        return "stats t=\((now - start) / 1_000_000_000)s open=\(open) heartbeats=\(summary.heartbeats.count) "
            + "failed=\(summary.failedHeartbeats.count) overruns=\(summary.overruns) receipts=\(receiptCount) "
            + "reconnects=\(summary.reconnects) connectFailures=\(summary.connectFailures) pollFailures=\(summary.pollFailures)"
    }

    /// The summary with each receipt's job ids decoded (done at the end, off the measured path).
    private func finishedSummary() -> FleetSummary {
        let decoder = AgentWire.makeDecoder()
        var summary = summary
        summary.receipts = bodies.map { receipt in
            let jobs = (try? decoder.decode(JobsResponse.self, from: Data(receipt.body)))?.jobs ?? []
            return FleetSummary.Receipt(agent: receipt.agent, at: receipt.at, readAt: receipt.readAt, jobIDs: jobs.map(\.id))
        }
        return summary
    }
}
