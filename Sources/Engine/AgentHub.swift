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
        let continuation: CheckedContinuation<Wake, Never>
        let deadline: ContinuousClock.Instant
        let session: String
    }

    private struct State {
        var parked: [Int64: [UInt64: Waiter]] = [:]
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
        let deadline = ContinuousClock.now + timeout
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let startsTicker = state.withLock { state in
                    state.parked[machineID, default: [:]][id] = Waiter(continuation: continuation, deadline: deadline, session: session)
                    state.count += 1
                    defer { state.isTicking = true }
                    return !state.isTicking
                }
                if startsTicker { Task { await self.runTicker() } }
                if Task.isCancelled || isClosed { resume(machineID: machineID, waiter: id) }
            }
        } onCancel: {
            resume(machineID: machineID, waiter: id)
        }
    }

    /// Resumes every poll parked for these machines.
    public func wake(_ machineIDs: some Sequence<Int64>) {
        let continuations = state.withLock { state in
            machineIDs.flatMap { id -> [CheckedContinuation<Wake, Never>] in
                guard let waiters = state.parked.removeValue(forKey: id) else { return [] }
                state.count -= waiters.count
                return waiters.values.map(\.continuation)
            }
        }
        for continuation in continuations { continuation.resume(returning: .woken) }
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
        let continuation = state.withLock { state -> CheckedContinuation<Wake, Never>? in
            guard let waiters = state.parked[machineID],
                  let (id, waiter) = waiters.filter({ $0.value.session == session }).max(by: { $0.key < $1.key })
            else { return nil }
            state.parked[machineID]?.removeValue(forKey: id)
            if state.parked[machineID]?.isEmpty == true { state.parked.removeValue(forKey: machineID) }
            state.count -= 1
            return waiter.continuation
        }
        continuation?.resume(returning: .handed(jobs))
        return continuation != nil
    }

    /// Resumes every parked poll for good, at shutdown: a closed hub's `wait` returns at once.
    public func close() {
        closed.store(true, ordering: .sequentiallyConsistent)
        let continuations = state.withLock { state in
            defer { state.parked.removeAll(); state.count = 0 }
            return state.parked.values.flatMap { $0.values.map(\.continuation) }
        }
        for continuation in continuations { continuation.resume(returning: .ended) }
    }

    public var isClosed: Bool { closed.load(ordering: .sequentiallyConsistent) }

    /// How many polls are parked now (for `/metrics` and tests).
    public var parkedCount: Int { state.withLock { $0.count } }

    /// Ends the waits whose deadline passed, every tick, until no poll is parked.
    private func runTicker() async {
        while true {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let (expired, keepsTicking) = state.withLock { state -> ([CheckedContinuation<Wake, Never>], Bool) in
                var expired: [CheckedContinuation<Wake, Never>] = []
                for (machineID, waiters) in state.parked {
                    let due = waiters.filter { $0.value.deadline <= now }
                    guard !due.isEmpty else { continue }
                    expired += due.values.map(\.continuation)
                    let left = waiters.filter { $0.value.deadline > now }
                    state.parked[machineID] = left.isEmpty ? nil : left
                }
                state.count -= expired.count
                state.isTicking = state.count > 0
                return (expired, state.isTicking)
            }
            for continuation in expired { continuation.resume(returning: .ended) }
            guard keepsTicking else { return }
        }
    }

    private func resume(machineID: Int64, waiter id: UInt64) {
        let continuation = state.withLock { state -> CheckedContinuation<Wake, Never>? in
            guard let waiter = state.parked[machineID]?.removeValue(forKey: id) else { return nil }
            if state.parked[machineID]?.isEmpty == true { state.parked.removeValue(forKey: machineID) }
            state.count -= 1
            return waiter.continuation
        }
        continuation?.resume(returning: .ended)
    }
}
