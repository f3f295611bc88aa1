import Core
import Foundation

extension Agent {
    /// Heartbeats every `settings.heartbeatInterval` seconds; returns only on a 401.
    func heartbeatLoop() async -> Ending {
        var backoff = Backoff()
        while !Task.isCancelled {
            do {
                try await heartbeat()
                backoff.reset()
                // A note about an outage just ended goes out at once, not one interval later.
                let pause = await connectivity.hasNotes ? 0 : identity.settings.heartbeatInterval
                try? await Task.sleep(for: .milliseconds(Int64(max(0, pause) * 1000)))
            } catch {
                if let ending = await recover(from: error, backoff: &backoff) { return ending }
            }
        }
        return .signal(SIGTERM)
    }

    /// One heartbeat: facts, unacknowledged results and outage notes; acknowledgements and settings back.
    func heartbeat() async throws(AgentError) {
        let notes = await connectivity.takeNotes()
        let request = HeartbeatRequest(facts: FactsCollector.collect(diskPath: options.diskPath), session: session,
                                       results: Array(store.unacknowledged().prefix(100)), notes: notes)
        let answer: HeartbeatResponse
        do {
            answer = try await client.post("\(AgentWire.pathPrefix)/heartbeat", request, as: HeartbeatResponse.self)
        } catch {
            await connectivity.restore(notes)
            throw error
        }
        await connectivity.succeeded()
        store.acknowledge(answer.acknowledged, at: Date())
        adopt(answer.settings)
    }

    /// Long-polls for jobs and hands them to the scheduler; returns only on a 401.
    func pollLoop() async -> Ending {
        var backoff = Backoff()
        while !Task.isCancelled {
            do {
                let jobs = try await client.pollJobs(wait: identity.settings.pollWait, session: session)
                await connectivity.succeeded()
                backoff.reset()
                for job in jobs { await scheduler.submit(job) }
            } catch {
                if let ending = await recover(from: error, backoff: &backoff) { return ending }
            }
        }
        return .signal(SIGTERM)
    }

    /// After a failed call: the ending for a 401, else nil once the failure is noted and the backoff waited.
    private func recover(from error: AgentError, backoff: inout Backoff) async -> Ending? {
        if case .unauthorized(let message) = error { return .unauthorized(message) }
        if Task.isCancelled { return .signal(SIGTERM) }
        if error.isRetryable {
            await connectivity.failed(error)
        } else {
            logger.error("\(error)")
        }
        try? await Task.sleep(for: backoff.next())
        return nil
    }

    /// Keeps (and persists) the server's latest settings.
    private func adopt(_ settings: AgentSettings) {
        guard settings != identity.settings else { return }
        identity.settings = settings
        logger.info("settings: heartbeat every \(settings.heartbeatInterval) s, polls wait \(settings.pollWait) s")
        do { try identity.save(to: options.state) } catch { logger.error("cannot save the new settings: \(error)") }
    }
}
