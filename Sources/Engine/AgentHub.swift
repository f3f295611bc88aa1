import Synchronization

/// The agents' parked job polls: a poll with nothing to deliver waits here, holding no thread,
/// until `wake` names its machine or its wait ends.
///
/// A machine may have more than one poll parked (an agent that reconnected before its old
/// connection timed out); a wake resumes them all, and each re-reads the store, so a wake can
/// never be lost or deliver a job twice. The store stays the one record of what is waiting.
public final class AgentHub: Sendable {
    private struct Parked {
        var waiters: [UInt64: CheckedContinuation<Bool, Never>] = [:]
    }

    private let parked = Mutex<[Int64: Parked]>([:])
    private let closed = Atomic<Bool>(false)
    private let nextID = Atomic<UInt64>(0)
    private let clock: any Clock<Duration>

    public init(clock: any Clock<Duration> = ContinuousClock()) {
        self.clock = clock
    }

    /// Waits until `wake(machineID)` or `timeout`; true when woken. Returns at once, false, when
    /// the calling task is cancelled.
    public func wait(machineID: Int64, timeout: Duration) async -> Bool {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let timer = Task { [clock] in
            try? await clock.sleep(for: timeout)
            self.resume(machineID: machineID, waiter: id, woken: false)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                parked.withLock { $0[machineID, default: Parked()].waiters[id] = continuation }
                if Task.isCancelled || isClosed { resume(machineID: machineID, waiter: id, woken: false) }
            }
        } onCancel: {
            resume(machineID: machineID, waiter: id, woken: false)
        }
    }

    /// Resumes every poll parked for these machines.
    public func wake(_ machineIDs: some Sequence<Int64>) {
        let continuations = parked.withLock { parked in
            machineIDs.flatMap { parked.removeValue(forKey: $0)?.waiters.values.map { $0 } ?? [] }
        }
        for continuation in continuations { continuation.resume(returning: true) }
    }

    public func wake(machineID: Int64) { wake([machineID]) }

    /// Resumes every parked poll for good, at shutdown: a closed hub's `wait` returns at once.
    public func close() {
        closed.store(true, ordering: .sequentiallyConsistent)
        let continuations = parked.withLock { parked in
            defer { parked.removeAll() }
            return parked.values.flatMap { $0.waiters.values }
        }
        for continuation in continuations { continuation.resume(returning: false) }
    }

    public var isClosed: Bool { closed.load(ordering: .sequentiallyConsistent) }

    /// How many polls are parked now (for `/metrics` and tests).
    public var parkedCount: Int { parked.withLock { $0.values.reduce(0) { $0 + $1.waiters.count } } }

    private func resume(machineID: Int64, waiter id: UInt64, woken: Bool) {
        let continuation = parked.withLock { parked -> CheckedContinuation<Bool, Never>? in
            let continuation = parked[machineID]?.waiters.removeValue(forKey: id)
            if parked[machineID]?.waiters.isEmpty == true { parked.removeValue(forKey: machineID) }
            return continuation
        }
        continuation?.resume(returning: woken)
    }
}
