import CLinux
import Glibc
import Synchronization

/// One epoll instance, the thread that waits on it, and a `TaskExecutor` that runs on that thread.
///
/// Connection tasks prefer this executor, so a socket becoming readable resumes its task on the
/// same thread with no hand-off: epoll reports, the continuation is resumed, the job is queued here
/// and runs before the next `epoll_wait`. Registration is edge-triggered and made once per socket;
/// a readiness edge that arrives while nobody waits is remembered, so no wake-up is ever lost.
///
/// `@unchecked Sendable`: the mutable state is either behind a `Mutex`/`Atomic` or touched only on
/// the loop's own thread (`batch`, `events`).
final class EventLoop: TaskExecutor, @unchecked Sendable {
    private let epollFD: Int32
    private let wakeFD: Int32
    private let queue = Mutex<[UnownedJob]>([])
    private let wakePending = Atomic<Bool>(false)
    private let table = Mutex<WaiterTable>(WaiterTable())
    private let running = Atomic<Bool>(true)
    private let threadID = Atomic<UInt>(0)
    private let sweepInterval: Duration
    private let finished = Mutex<[CheckedContinuation<Void, Never>]>([])
    private let hasFinished = Atomic<Bool>(false)

    init(sweepInterval: Duration) throws {
        self.sweepInterval = sweepInterval
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw SocketError(call: "epoll_create1") }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else { throw SocketError(call: "eventfd") }
        var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(fd: wakeFD))
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event) == 0 else { throw SocketError(call: "epoll_ctl") }
    }

    deinit {
        Glibc.close(epollFD)
        Glibc.close(wakeFD)
    }

    // MARK: TaskExecutor

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.withLock { $0.append(job) }
        if !isOnLoopThread, !wakePending.exchange(true, ordering: .acquiringAndReleasing) {
            var one: UInt64 = 1
            _ = Glibc.write(wakeFD, &one, 8)
        }
    }

    var isOnLoopThread: Bool { threadID.load(ordering: .relaxed) == UInt(pthread_self()) }

    // MARK: Registration

    /// Watches `fd` (edge-triggered, for reading and writing) until `deregister`.
    func register(_ fd: Int32) throws {
        table.withLock { $0.add(fd) }
        let interest = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        var event = epoll_event(events: interest, data: epoll_data_t(fd: fd))
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else {
            table.withLock { $0.remove(fd) }
            throw SocketError(call: "epoll_ctl")
        }
    }

    /// Forgets `fd`; call before closing it, never while a task waits on it.
    func deregister(_ fd: Int32) {
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
        table.withLock { $0.remove(fd) }
    }

    /// Suspends until `fd` is readable (or writable), its deadline passes, or, for an idle wait, shutdown.
    func wait(for fd: Int32, writable: Bool, deadline: ContinuousClock.Instant, idle: Bool = false) async -> Wake {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Wake, Never>) in
            let now = table.withLock { $0.park(fd, writable: writable, continuation, deadline: deadline, idle: idle) }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// Wakes every idle wait with `.shutdown`, now and from now on: draining connections close.
    func closeIdleConnections() {
        let idle = table.withLock { $0.beginShutdown() }
        for continuation in idle { continuation.resume(returning: .shutdown) }
        if !isOnLoopThread { wake() }
    }

    // MARK: Running

    /// Starts the loop's thread; it runs until `stop()`.
    func start(name: String) {
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            let loop = Unmanaged<EventLoop>.fromOpaque(raw!).takeRetainedValue()
            loop.run()
            return nil
        }, box.toOpaque())
        precondition(rc == 0, "pthread_create failed: \(rc)")
        pthread_detach(thread)
    }

    func stop() {
        running.store(false, ordering: .releasing)
        wake()
    }

    /// Returns once the loop's thread has left its run loop.
    func waitUntilStopped() async {
        await withCheckedContinuation { continuation in
            let done = finished.withLock { list -> Bool in
                if hasFinished.load(ordering: .acquiring) { return true }
                list.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func wake() {
        if !wakePending.exchange(true, ordering: .acquiringAndReleasing) {
            var one: UInt64 = 1
            _ = Glibc.write(wakeFD, &one, 8)
        }
    }

    private func run() {
        threadID.store(UInt(pthread_self()), ordering: .relaxed)
        var events = [epoll_event](repeating: epoll_event(), count: 512)
        var nextSweep = ContinuousClock.now + sweepInterval
        while running.load(ordering: .acquiring) {
            runJobs()
            let hasJobs = queue.withLock { !$0.isEmpty }
            let timeout = hasJobs ? 0 : Int32(max(1, milliseconds(nextSweep - .now)))
            let count = epoll_wait(epollFD, &events, Int32(events.count), timeout)
            if count > 0 { dispatch(events.prefix(Int(count))) }
            if ContinuousClock.now >= nextSweep {
                sweep()
                nextSweep = .now + sweepInterval
            }
        }
        runJobs()
        hasFinished.store(true, ordering: .releasing)
        for continuation in finished.withLock({ list in defer { list = [] }; return list }) { continuation.resume() }
    }

    private func runJobs() {
        // Jobs queued while a batch runs wait for the next turn, so epoll is never starved.
        let batch = queue.withLock { jobs in
            defer { jobs.removeAll(keepingCapacity: true) }
            return jobs
        }
        for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
    }

    private func dispatch(_ events: ArraySlice<epoll_event>) {
        var ready: [(UnsafeContinuation<Wake, Never>, Wake)] = []
        table.withLock { table in
            for event in events {
                let fd = event.data.fd
                if fd == wakeFD { continue }
                let readable = event.events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0
                let writable = event.events & (EPOLLOUT.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0
                table.signal(fd, readable: readable, writable: writable, into: &ready)
            }
        }
        if events.contains(where: { $0.data.fd == wakeFD }) {
            var value: UInt64 = 0
            _ = Glibc.read(wakeFD, &value, 8)
            wakePending.store(false, ordering: .releasing)
        }
        for (continuation, wake) in ready { continuation.resume(returning: wake) }
    }

    private func sweep() {
        let expired = table.withLock { $0.expire(now: .now) }
        for continuation in expired { continuation.resume(returning: .timedOut) }
    }

    private func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
