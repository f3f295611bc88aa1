import Synchronization

/// Runs a piece of housekeeping every `interval` on its own task until stopped (expired sessions,
/// sign-in failures too old to count).
///
/// The first run comes one interval after `start`, so start-up stays quick. Runs never overlap:
/// the task awaits one before sleeping again. `stop` cancels the sleep and waits for a run in
/// progress, so nothing touches the store after shutdown. Tests call `tick()` to run the work at
/// once, or pass a short interval or their own clock.
public final class Sweeper: Sendable {
    public let interval: Duration
    private let clock: any Clock<Duration>
    private let work: @Sendable () async -> Void
    private let task = Mutex<Task<Void, Never>?>(nil)

    public init(every interval: Duration, clock: any Clock<Duration> = ContinuousClock(),
                work: @escaping @Sendable () async -> Void) {
        precondition(interval > .zero, "a sweeper needs a positive interval")
        self.interval = interval
        self.clock = clock
        self.work = work
    }

    /// Starts the periodic runs; a second call while running does nothing.
    public func start() {
        task.withLock { task in
            guard task == nil else { return }
            task = Task { [interval, clock, work] in
                while true {
                    do { try await clock.sleep(for: interval) } catch { return }
                    await work()
                }
            }
        }
    }

    /// Stops the runs and returns once a run in progress has finished.
    public func stop() async {
        let running = task.withLock { task in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
    }

    /// Runs the work once, now.
    public func tick() async {
        await work()
    }
}
