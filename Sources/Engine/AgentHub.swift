import Core
import Synchronization

/// The agents' parked job polls: a poll with nothing to deliver waits here, holding no thread,
/// until `wake` names its machine or its wait ends.
///
/// A machine may have more than one poll parked (an agent that reconnected before its old
/// connection timed out); a wake resumes them all, and each re-reads the store, so a wake can
/// never be lost or deliver a job twice. The store stays the one record of what is waiting.
///
/// The release engine may also `hand` jobs straight to a parked poll: it records them as delivered
/// to that poll's session in the very transaction that makes them runnable, then gives them to the
/// poll, which answers without another read or write (see `ReleaseSteps`).
/// Waits end on one shared ticker (every `tick`, running only while polls are parked) rather than
/// a sleeping task each: at 10,000 parked polls that is 10,000 tasks fewer.
public final class AgentHub: Sendable {
    /// How a parked wait ended.
    public enum Wake: Sendable, Equatable {
        /// `wake` named the machine: look in the store.
        case woken
        /// The engine handed these jobs over, already recorded as delivered to the waiting session.
        case handed([AgentJob])
        /// The wait ran out, was cancelled, or the hub closed.
        case ended
    }

    private struct Waiter {
        let onWake: @Sendable (Wake) -> Void
        let deadline: ContinuousClock.Instant
        let session: String
    }

    private struct State {
        var parked: [Int64: [UInt64: Waiter]] = [:]
        /// Machines woken while none of their polls was parked, and when: a poll that parks soon
        /// after was between its look in the store and parking when its job came, so it is woken
        /// at once instead of sleeping through its whole wait.
        var missed: [Int64: ContinuousClock.Instant] = [:]
        var count = 0
        var isTicking = false
    }

    private let state = Mutex(State())
    private let nextID = Atomic<UInt64>(0)
    private let closed = Atomic<Bool>(false)
    private let tick: Duration

    public init(tick: Duration = .milliseconds(100)) {
        self.tick = tick
    }

    /// Waits until `wake(machineID)`, a `hand` to `session`, or `timeout` (give or take one tick).
    /// Returns at once, `.ended`, when the calling task is cancelled or the hub is closed.
    public func wait(machineID: Int64, session: String = "", timeout: Duration) async -> Wake {
        let id = nextID.add(1, ordering: .relaxed).newValue
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                park(id: id, machineID: machineID, session: session, timeout: timeout) { continuation.resume(returning: $0) }
                if Task.isCancelled { resume(machineID: machineID, waiter: id) }
            }
        } onCancel: {
            resume(machineID: machineID, waiter: id)
        }
    }

    /// `wait` without a task: `onWake` is called once, with how the wait ended (at once, `.ended`,
    /// when the hub is closed). For polls parked without a task of their own (`Response.parked`).
    public func park(machineID: Int64, session: String = "", timeout: Duration, onWake: @escaping @Sendable (Wake) -> Void) {
        park(id: nextID.add(1, ordering: .relaxed).newValue, machineID: machineID, session: session, timeout: timeout, onWake: onWake)
    }

    private func park(id: UInt64, machineID: Int64, session: String, timeout: Duration, onWake: @escaping @Sendable (Wake) -> Void) {
        let now = ContinuousClock.now
        let (startsTicker, wasMissed) = state.withLock { state in
            if let missed = state.missed.removeValue(forKey: machineID), now - missed < Self.missedWakeLifetime {
                return (false, true)
            }
            state.parked[machineID, default: [:]][id] = Waiter(onWake: onWake, deadline: now + timeout, session: session)
            state.count += 1
            defer { state.isTicking = true }
            return (!state.isTicking, false)
        }
        if wasMissed { return onWake(.woken) }
        if startsTicker { Task { await self.runTicker() } }
        if isClosed { resume(machineID: machineID, waiter: id) }
    }

    /// How long a wake that found no parked poll is kept for the next one: longer than any poll
    /// takes between looking in the store and parking.
    static let missedWakeLifetime = Duration.seconds(2)

    /// Resumes every poll parked for these machines.
    public func wake(_ machineIDs: some Sequence<Int64>) {
        let now = ContinuousClock.now
        let wakes = state.withLock { state in
            if state.missed.count > 100_000 { state.missed = state.missed.filter { now - $0.value < Self.missedWakeLifetime } }
            return machineIDs.flatMap { id -> [@Sendable (Wake) -> Void] in
                guard let waiters = state.parked.removeValue(forKey: id) else {
                    state.missed[id] = now
                    return []
                }
                state.count -= waiters.count
                return waiters.values.map(\.onWake)
            }
        }
        for onWake in wakes { onWake(.woken) }
    }

    public func wake(machineID: Int64) { wake([machineID]) }

    /// The session of a poll parked for each of these machines (the newest, when several are).
    public func parkedSessions(_ machineIDs: some Sequence<Int64>) -> [Int64: String] {
        state.withLock { state in
            var sessions: [Int64: String] = [:]
            for id in machineIDs {
                if let newest = state.parked[id]?.max(by: { $0.key < $1.key }) { sessions[id] = newest.value.session }
            }
            return sessions
        }
    }

    /// Gives `jobs` to a poll of `machineID` parked with `session`; false when none is parked any
    /// more (its wait ran out meanwhile): the caller must make the jobs deliverable again.
    public func hand(_ jobs: [AgentJob], to machineID: Int64, session: String) -> Bool {
        let onWake = state.withLock { state -> (@Sendable (Wake) -> Void)? in
            guard let waiters = state.parked[machineID],
                  let (id, waiter) = waiters.filter({ $0.value.session == session }).max(by: { $0.key < $1.key })
            else { return nil }
            state.parked[machineID]?.removeValue(forKey: id)
            if state.parked[machineID]?.isEmpty == true { state.parked.removeValue(forKey: machineID) }
            state.count -= 1
            return waiter.onWake
        }
        onWake?(.handed(jobs))
        return onWake != nil
    }

    /// Resumes every parked poll for good, at shutdown: a closed hub's `wait` returns at once.
    public func close() {
        closed.store(true, ordering: .sequentiallyConsistent)
        let wakes = state.withLock { state in
            defer { state.parked.removeAll(); state.count = 0 }
            return state.parked.values.flatMap { $0.values.map(\.onWake) }
        }
        for onWake in wakes { onWake(.ended) }
    }

    public var isClosed: Bool { closed.load(ordering: .sequentiallyConsistent) }

    /// How many polls are parked now (for `/metrics` and tests).
    public var parkedCount: Int { state.withLock { $0.count } }

    /// Ends the waits whose deadline passed, every tick, until no poll is parked.
    private func runTicker() async {
        while true {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let (expired, keepsTicking) = state.withLock { state -> ([@Sendable (Wake) -> Void], Bool) in
                var expired: [@Sendable (Wake) -> Void] = []
                for (machineID, waiters) in state.parked {
                    let due = waiters.filter { $0.value.deadline <= now }
                    guard !due.isEmpty else { continue }
                    expired += due.values.map(\.onWake)
                    let left = waiters.filter { $0.value.deadline > now }
                    state.parked[machineID] = left.isEmpty ? nil : left
                }
                state.count -= expired.count
                if !state.missed.isEmpty { state.missed = state.missed.filter { now - $0.value < Self.missedWakeLifetime } }
                state.isTicking = state.count > 0
                return (expired, state.isTicking)
            }
            for onWake in expired { onWake(.ended) }
            guard keepsTicking else { return }
        }
    }

    private func resume(machineID: Int64, waiter id: UInt64) {
        let onWake = state.withLock { state -> (@Sendable (Wake) -> Void)? in
            guard let waiter = state.parked[machineID]?.removeValue(forKey: id) else { return nil }
            if state.parked[machineID]?.isEmpty == true { state.parked.removeValue(forKey: machineID) }
            state.count -= 1
            return waiter.onWake
        }
        onWake?(.ended)
    }
}
