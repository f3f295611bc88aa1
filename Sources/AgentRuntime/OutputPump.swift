import Foundation
import Glibc
import Synchronization

/// Reads a command's merged stdout and stderr from a pipe on a thread of its own, handing chunks
/// on as they arrive.
///
/// It stops at end of file, or `drain` after `commandExited()` if the pipe is still open: a start
/// command that backgrounds a server leaves that server holding the pipe, and the step must end when
/// the shell does. (Such a server then gets EPIPE on stdout; redirecting its output is its job.)
final class OutputPump: Sendable {
    private let fd: Int32
    private let drain: Duration
    private let exitedAt = Mutex<ContinuousClock.Instant?>(nil)
    private let done = Mutex<CheckedContinuation<Void, Never>?>(nil)
    private let finished = Mutex(false)

    init(fd: Int32, drain: Duration, onChunk: @escaping @Sendable ([UInt8]) -> Void) {
        self.fd = fd
        self.drain = drain
        let thread = Thread { [self] in
            pump(onChunk)
        }
        thread.name = "capstan-agent output"
        thread.start()
    }

    func commandExited() {
        exitedAt.withLock { $0 = ContinuousClock.now }
    }

    /// Returns once the pump stopped reading and closed the pipe.
    func finish() async {
        await withCheckedContinuation { continuation in
            let isDone = finished.withLock { isFinished in
                if !isFinished { done.withLock { $0 = continuation } }
                return isFinished
            }
            if isDone { continuation.resume() }
        }
    }

    private func pump(_ onChunk: @Sendable ([UInt8]) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            if let exited = exitedAt.withLock({ $0 }), ContinuousClock.now - exited >= drain { break }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 50)
            if ready < 0, errno == EINTR { continue }
            if ready > 0 {
                let count = read(fd, &buffer, buffer.count)
                if count > 0 { onChunk(Array(buffer[..<count])); continue }
                if count < 0, errno == EINTR || errno == EAGAIN { continue }
                break
            }
        }
        close(fd)
        let waiter = finished.withLock { isFinished in
            isFinished = true
            return done.withLock { $0.take() }
        }
        waiter?.resume()
    }
}
