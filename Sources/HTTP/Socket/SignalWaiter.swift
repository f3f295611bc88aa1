import Glibc
import Synchronization

/// The write end of the signal pipe, read by the C signal handler (which can capture nothing).
private let signalPipe = Atomic<Int32>(-1)

/// Turns process signals into an async wait, for graceful shutdown.
///
/// The handler is installed synchronously in `init`, so a signal that arrives at any moment after
/// it — even before the server has finished starting — is kept. The handler only writes the
/// signal's number to a pipe (async-signal-safe); a dedicated thread reads the pipe and feeds the
/// stream. (Dispatch signal sources install their handler asynchronously and lost a SIGTERM sent
/// right after start-up.)
///
/// `@unchecked Sendable`: its only state is the stream, which is itself safe to share.
final class SignalWaiter: @unchecked Sendable {
    private let stream: AsyncStream<Int32>

    init(signals: [Int32]) {
        var fds: [Int32] = [-1, -1]
        precondition(pipe(&fds) == 0, "pipe failed: errno \(errno)")
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        signalPipe.store(fds[1], ordering: .sequentiallyConsistent)
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.stream = stream
        for number in signals {
            signal(number) { received in
                var value = received
                _ = write(signalPipe.load(ordering: .sequentiallyConsistent), &value, 4)
            }
        }
        SignalReader(fd: fds[0], continuation: continuation).start()
    }

    /// The next signal received.
    func next() async -> Int32 {
        for await number in stream { return number }
        return SIGTERM
    }
}

/// A thread blocked in `read` on the signal pipe, so no task or event loop waits on it.
private final class SignalReader: @unchecked Sendable {
    let fd: Int32
    let continuation: AsyncStream<Int32>.Continuation

    init(fd: Int32, continuation: AsyncStream<Int32>.Continuation) {
        (self.fd, self.continuation) = (fd, continuation)
    }

    func start() {
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            let reader = Unmanaged<SignalReader>.fromOpaque(raw!).takeRetainedValue()
            var value: Int32 = 0
            while true {
                let count = read(reader.fd, &value, 4)
                if count == 4 { reader.continuation.yield(value) } else if count < 0, errno == EINTR { continue } else { break }
            }
            return nil
        }, Unmanaged.passRetained(self).toOpaque())
        precondition(rc == 0, "pthread_create failed: \(rc)")
        pthread_detach(thread)
    }
}
