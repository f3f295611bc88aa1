import Core
import Foundation
import Logging
import Storage
import Synchronization

/// Drives every unfinished release through Core's `ReleaseMachine`, writing each step before acting
/// on it: jobs are `queued` in the database before their agents are woken, and a release's state is
/// saved before anyone is told. So a server killed at any moment resumes from what the database holds
/// (`start` steps every unfinished release), and with the agents' idempotent job ids no host runs a
/// job twice.
///
/// A release is stepped when something may have moved it: one of its jobs finished (from
/// `jobUpdates`), an operator acted (`poke`), or the ticker found a bake pause over or a host past its
/// timeout or offline. Steps of one release never overlap; a poke during a step runs it once more.
public final class ReleaseRunner: Sendable {
    private struct State {
        var stepping: Set<Int64> = []
        var again: Set<Int64> = []
        var tasks: [Task<Void, Never>] = []
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
        var isStopped = false
        /// When a step last found something to do (and wrote it).
        var lastAdvance: ContinuousClock.Instant?
    }

    private let store: Store
    private let hub: AgentHub
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let tick: Duration
    /// Every saved change of a release, for live pages and waiting clients.
    public let releaseUpdates: EventBus<Release>
    private let state = Mutex(State())

    public init(store: Store, hub: AgentHub, releaseUpdates: EventBus<Release> = EventBus(), now: @escaping @Sendable () -> Date,
                logger: Logger = Logger(label: "capstan.releases"), tick: Duration = .seconds(1)) {
        self.store = store
        self.hub = hub
        self.releaseUpdates = releaseUpdates
        self.now = now
        self.logger = logger
        self.tick = tick
    }

    /// Steps every unfinished release, then follows job changes and the ticker until `stop`.
    public func start(jobUpdates: EventBus<Job>) {
        // Observed, not subscribed: a stream could drop a finished job when many arrive at once, and
        // its task would poke later than the report that finished it returns.
        jobUpdates.observe { [weak self] job in
            guard job.isFinished || job.state == .running else { return }
            self?.poke(job.releaseID)
        }
        let ticker = Task { [weak self, tick] in
            while !Task.isCancelled {
                guard let self else { return }
                await self.sweep()
                try? await Task.sleep(for: tick)
            }
        }
        state.withLock { $0.tasks = [ticker] }
    }

    public func stop() async {
        let tasks = state.withLock { state in
            state.isStopped = true
            return state.tasks
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        await waitUntilIdle()
    }

    /// Steps the release soon (now, or once more after the step in progress).
    public func poke(_ releaseID: Int64) {
        let starts = state.withLock { state -> Bool in
            guard !state.isStopped else { return false }
            if state.stepping.contains(releaseID) {
                state.again.insert(releaseID)
                return false
            }
            state.stepping.insert(releaseID)
            return true
        }
        guard starts else { return }
        Task { await self.run(releaseID) }
    }

    /// Marks hosts past their timeout or offline unreachable, resumes bake pauses that are over, and
    /// steps every release that may have moved; also what `start` does first. Tests call it directly.
    public func sweep() async {
        let now = now()
        do {
            let expired = try await store.write(invalidatingCredentials: false) { db in try db.expireJobs(now: now) }
            let unfinished = try await store.read { db in try db.unfinishedReleaseIDs() }
            for id in Set(expired).union(unfinished) { poke(id) }
        } catch {
            logger.error("release sweep failed: \(error)")
        }
    }

    /// Whether a step found something to do (dispatched jobs, moved a batch, finished a release)
    /// within `window`: the engine is at work, and housekeeping that stalls the process
    /// (`MemoryTrim`) should wait. A release left waiting (paused, awaiting approval, its hosts
    /// busy with long jobs) is stepped every tick but does not count.
    public func hasAdvanced(within window: Duration) -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in state.lastAdvance.map { now - $0 < window } ?? false }
    }

    /// Returns once no release is being stepped (tests, and `stop`).
    public func waitUntilIdle() async {
        await withCheckedContinuation { continuation in
            let isIdle = state.withLock { state in
                if !state.stepping.isEmpty { state.idleWaiters.append(continuation) }
                return state.stepping.isEmpty
            }
            if isIdle { continuation.resume() }
        }
    }

    private func run(_ releaseID: Int64) async {
        while true {
            let advanced = await step(releaseID)
            let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
                if advanced { state.lastAdvance = .now }
                if state.again.remove(releaseID) != nil, !state.isStopped { return nil }
                state.stepping.remove(releaseID)
                guard state.stepping.isEmpty else { return [] }
                defer { state.idleWaiters.removeAll() }
                return state.idleWaiters
            }
            guard let waiters else { continue }
            for waiter in waiters { waiter.resume() }
            return
        }
    }

    /// Gives handed-off jobs to their parked polls; a poll whose wait ran out in the meantime gets
    /// its jobs made deliverable again, and its machine woken, so the next poll reads them.
    private func handOver(_ handoffs: [ReleaseSteps.Handoff]) async throws {
        let missed = handoffs.filter { !hub.hand($0.jobs, to: $0.machineID, session: $0.session) }
        guard !missed.isEmpty else { return }
        try await store.write(invalidatingCredentials: false) { db in
            for handoff in missed { try db.undeliverJobs(handoff.jobs.map(\.id), session: handoff.session) }
        }
        hub.wake(missed.map(\.machineID))
    }

    /// Whether it wrote something: the machine said more than wait.
    private func step(_ releaseID: Int64) async -> Bool {
        let now = now()
        do {
            // Most pokes change nothing (a job finished, the batch is still running): find that out
            // with a read, which costs no turn at the one writer.
            let needsWrite = try await store.read { db -> Bool in
                let release = try db.release(id: releaseID)
                return ReleaseMachine.next(release, tally: try db.releaseTally(id: releaseID), now: now) != .wait
            }
            guard needsWrite else { return false }
            // The clock is read again inside the write: that is when jobs become runnable (their
            // `queuedAt`), however long the turn at the writer took to come.
            let outcome = try await store.write(invalidatingCredentials: false) { [hub, now = self.now] db in
                try ReleaseSteps.advance(db, releaseID: releaseID, now: now(), parkedSessions: { hub.parkedSessions($0) })
            }
            if !outcome.woken.isEmpty { hub.wake(outcome.woken) }
            try await handOver(outcome.handed)
            if outcome.changed { releaseUpdates.publish(outcome.release) }
            if outcome.release.isFinished, outcome.changed {
                logger.notice("release \(releaseID) \(outcome.release.state.rawValue): \(outcome.release.message ?? "")")
            }
            return outcome.changed
        } catch {
            logger.error("release \(releaseID) could not be stepped: \(error)")
            return false
        }
    }
}
