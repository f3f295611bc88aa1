import Core
import Foundation

/// `reportsResults`: every job an agent receives is reported done at once, as a real agent with a
/// no-op job would: a heartbeat carrying a succeeded result whose `switch` step succeeded (so the
/// release engine can roll the host back later). Sent on the agent's heartbeat connection, after
/// the heartbeat in flight there if there is one.
extension FleetSimulator {
    func report(_ body: [UInt8], agent: Int, _ now: Int64) {
        guard let jobs = try? jobDecoder.decode(JobsResponse.self, from: Data(body)).jobs, !jobs.isEmpty else { return }
        let date = Date()
        let results = jobs.map { job in
            JobResult(jobID: job.id, outcome: .succeeded, message: "no-op", startedAt: date, finishedAt: date,
                      steps: [StepRecord(step: .switch, startedAt: date, finishedAt: date, outcome: .succeeded)])
        }
        guard let request = try? requests.heartbeat(agent: agent, results: results, encoder: resultEncoder) else { return }
        pendingReports[agent].append(request)
        sendPendingReport(agent, now)
    }

    /// Sends the agent's oldest waiting report if its heartbeat connection is free.
    func sendPendingReport(_ agent: Int, _ now: Int64) {
        guard settings.reportsResults, !pendingReports[agent].isEmpty else { return }
        let tag = 2 * agent
        guard connections[tag].isReady, !connections[tag].isAwaiting else { return }
        send(tag, pendingReports[agent].removeFirst(), startedAt: now)
    }
}
