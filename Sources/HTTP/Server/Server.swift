import Glibc
import Logging
import Synchronization

/// The HTTP/1.1 server: one listening socket, one event loop per core, a task per connection.
///
/// Lifecycle: `start()` binds and begins accepting; `shutdown()` stops accepting, closes idle
/// connections, lets requests in flight finish within the grace period, then cuts off the rest.
public final class Server: Sendable {
    private enum State {
        case idle
        case running(listener: Int32, port: Int, loops: [EventLoop])
        case stopping
        case stopped
    }

    private let core: ServerCore
    private let state = Mutex<State>(.idle)
    private let connections = Mutex<[Int32: LiveConnection]>([:])
    private let acceptorDone = Mutex<[CheckedContinuation<Void, Never>]?>([])

    public init(configuration: ServerConfiguration = ServerConfiguration(), router: Router, middleware: [any Middleware] = []) {
        core = ServerCore(configuration: configuration, router: router, middleware: middleware)
    }

    /// The bound port (useful with port 0); nil before `start()`.
    public var port: Int? {
        state.withLock { if case .running(_, let port, _) = $0 { port } else { nil } }
    }

    /// Binds the listening socket and starts the event loops; returns the bound port.
    @discardableResult
    public func start() throws -> Int {
        let configuration = core.configuration
        signal(SIGPIPE, SIG_IGN)  // a peer that vanished must surface as EPIPE, not kill the process
        let (listener, port) = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        let sweep = Self.sweepInterval(for: configuration.limits)
        let loops = try (0..<configuration.loopCount).map { _ in try EventLoop(sweepInterval: sweep) }
        for (index, loop) in loops.enumerated() { loop.start(name: "http-loop-\(index)") }
        try loops[0].register(listener)
        state.withLock { $0 = .running(listener: listener, port: port, loops: loops) }
        Task(executorPreference: loops[0]) { await self.acceptLoop(listener: listener, loops: loops) }
        configuration.logger.notice("listening on http://\(configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host):\(port)")
        return port
    }

    /// Graceful shutdown; returns when every connection is closed and the loops have stopped.
    public func shutdown() async {
        let running: (Int32, [EventLoop])? = state.withLock { state in
            guard case .running(let listener, _, let loops) = state else { return nil }
            state = .stopping
            return (listener, loops)
        }
        guard let (_, loops) = running else { return }
        core.configuration.logger.notice("shutting down: finishing requests in flight")
        core.beginDraining()
        for loop in loops { loop.closeIdleConnections() }
        await waitForAcceptor()
        let deadline = ContinuousClock.now + core.configuration.shutdownGracePeriod
        while !connections.withLock({ $0.isEmpty }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let remaining = connections.withLock { Array($0.values) }
        if !remaining.isEmpty {
            core.configuration.logger.warning("cutting off \(remaining.count) connection(s) after the grace period")
            for connection in remaining {
                connection.channel.cutOff()
                connection.task?.cancel()
            }
            // A handler that ignores cancellation cannot be waited for forever.
            let giveUp = ContinuousClock.now + .seconds(2)
            while !connections.withLock({ $0.isEmpty }), ContinuousClock.now < giveUp {
                try? await Task.sleep(for: .milliseconds(10))
            }
            // What is left has no task to close it: requests parked that nothing resumed.
            let parked = connections.withLock { table in defer { table.removeAll() }; return Array(table.values) }
            for connection in parked { connection.channel.close() }
        }
        for loop in loops {
            loop.stop()
            await loop.waitUntilStopped()
        }
        state.withLock { $0 = .stopped }
    }

    /// Starts the server and returns when it has shut down after SIGTERM or SIGINT.
    /// `onSignal` runs when the first signal arrives, before draining: a place to end long polls.
    public func runUntilSignalled(onSignal: @Sendable () -> Void = {}) async throws {
        let signals = SignalWaiter(signals: [SIGTERM, SIGINT])
        try start()
        let received = await signals.next()
        core.configuration.logger.notice("received signal \(received); a second one stops at once")
        let logger = core.configuration.logger
        onSignal()
        Task.detached {
            let again = await signals.next()
            logger.warning("received signal \(again) again: exiting without finishing requests in flight")
            exit(1)
        }
        await shutdown()
    }

    private func acceptLoop(listener: Int32, loops: [EventLoop]) async {
        var next = 0
        accepting: while true {
            do {
                while let (fd, peer) = try Socket.accept(listener) {
                    let loop = loops[next % loops.count]
                    next += 1
                    spawn(fd: fd, peer: peer, loop: loop)
                }
            } catch {
                core.configuration.logger.error("accept: \(error)")  // EMFILE and the like: back off a little
                try? await Task.sleep(for: .milliseconds(50))
            }
            switch await loops[0].wait(for: listener, writable: false, deadline: .now + .seconds(3600), idle: true) {
            case .shutdown: break accepting
            case .ready, .timedOut: continue
            }
        }
        loops[0].deregister(listener)
        Glibc.close(listener)
        let waiters = acceptorDone.withLock { list in defer { list = nil }; return list ?? [] }
        for waiter in waiters { waiter.resume() }
    }

    private func waitForAcceptor() async {
        await withCheckedContinuation { continuation in
            let done = acceptorDone.withLock { list -> Bool in
                guard list != nil else { return true }
                list!.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func spawn(fd: Int32, peer: String, loop: EventLoop) {
        let channel = Channel(fd: fd, peer: peer, loop: loop, limits: core.configuration.limits)
        do {
            try loop.register(fd)
        } catch {
            Glibc.close(fd)
            return
        }
        connections.withLock { $0[fd] = LiveConnection(channel: channel) }
        let connection = Connection(channel: channel, core: core) { [weak self] body in
            self?.runTask(fd: fd, channel: channel, loop: loop, body)
        }
        runTask(fd: fd, channel: channel, loop: loop) { await connection.run() }
    }

    /// Runs a stretch of a connection's life in a task on its loop: from its start, or from a parked
    /// request's resumption. `body` returns true when the connection closed, so it is forgotten.
    private func runTask(fd: Int32, channel: Channel, loop: EventLoop, _ body: @escaping @Sendable () async -> Bool) {
        let task = Task(executorPreference: loop) {
            guard await body() else { return }
            // The descriptor number may already belong to a newer connection: remove only our own.
            self.connections.withLock { table in
                if table[fd]?.channel === channel { table[fd] = nil }
            }
        }
        connections.withLock { table in
            if table[fd]?.channel === channel { table[fd]?.task = task }
        }
    }

    private struct LiveConnection {
        let channel: Channel
        var task: Task<Void, Never>?
    }

    /// Deadlines are checked by a periodic sweep; short limits (tests) get a finer sweep.
    private static func sweepInterval(for limits: Limits) -> Duration {
        let shortest = [limits.headerTimeout, limits.idleTimeout, limits.bodyRateGrace, limits.writeTimeout].min()!
        return max(.milliseconds(10), min(.seconds(1), shortest / 5))
    }
}
