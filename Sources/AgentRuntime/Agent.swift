import Core
import Foundation
import Logging

/// `capstan-agent run`: heartbeats with facts, long-polls for jobs and runs them, until SIGTERM or
/// SIGINT (then running jobs get `grace` to finish) or until the server stops knowing the agent.
///
/// The session id is random per process; it goes in heartbeats, job events and the
/// `X-Capstan-Agent-Session` header of polls. A server that cannot be reached is retried with
/// backoff and never causes the agent to touch a running application.
public actor Agent {
    public let session = UUID().uuidString.lowercased()
    let options: AgentOptions
    let logger: Logger
    var identity: AgentIdentity
    let client: AgentClient
    let store: JobStore
    let connectivity: Connectivity
    var scheduler: JobScheduler!
    private var stopper: AsyncStream<Ending>.Continuation?

    enum Ending: Sendable { case signal(Int32), unauthorized(String) }

    public init(options: AgentOptions, logger: Logger) throws(AgentError) {
        self.options = options
        self.logger = logger
        identity = try AgentIdentity.load(from: options.state)
        client = AgentClient(server: try AgentClient.serverURL(identity.server), token: identity.token)
        store = try JobStore(state: options.state)
        connectivity = Connectivity(logger: logger)
    }

    /// Runs until a signal (returns) or a 401 (throws `.unauthorized`).
    public func run() async throws(AgentError) {
        let signals = SignalWatcher.makeStream()
        let client = client, session = session, logger = logger, store = store
        let fetch: JobExecutor.Fetch = { package, path throws(AgentError) in try await client.download(package, to: path) }
        scheduler = JobScheduler(store: store, executor: JobExecutor(installPrefix: options.installPrefix, fetch: fetch), logger: logger, logCap: options.logCap) { id, onCancel in
            JobReporter(jobID: id, client: client, session: session, logPath: store.logPath(id), logger: logger, onCancel: onCancel)
        }
        logger.info("capstan-agent \(capstanVersion) started: machine \(identity.machineID), server \(identity.server), session \(session)")
        await recover()
        let (endings, continuation) = AsyncStream.makeStream(of: Ending.self)
        stopper = continuation
        let loops = [
            Task { continuation.yield(await self.heartbeatLoop()) },
            Task { continuation.yield(await self.pollLoop()) },
            Task { for await number in signals { return continuation.yield(.signal(number)) }; return .dropped(.signal(SIGTERM)) },
        ]
        var ending = Ending.signal(SIGTERM)
        for await first in endings { ending = first; break }
        loops.forEach { $0.cancel() }
        switch ending {
        case .signal(let number):
            logger.notice("\(number == SIGINT ? "SIGINT" : "SIGTERM"): no new jobs; running jobs get \(options.grace) to finish")
            await scheduler.shutdown(grace: options.grace)
            _ = try? await heartbeat()
            logger.notice("stopped")
        case .unauthorized(let message):
            logger.critical("the server no longer knows this agent (machine deleted or token revoked); re-enroll (\(message))")
            await scheduler.shutdown(grace: options.grace)
            throw .unauthorized("the server no longer knows this agent (machine deleted or token revoked); re-enroll with `capstan-agent enroll --force`")
        }
    }

    /// Stops the agent as SIGTERM would (for embedding and tests).
    public func stop() {
        stopper?.yield(.signal(SIGTERM))
    }

    /// Jobs left running by a previous agent process become interrupted; unacknowledged results are re-sent.
    private func recover() async {
        for result in store.recoverInterrupted(at: Date()) {
            logger.warning("job \(result.jobID) was running when the agent stopped; reported as interrupted, not run again")
        }
        store.prune(at: Date())
        for result in store.unacknowledged() { await scheduler.redeliver(result) }
    }
}
