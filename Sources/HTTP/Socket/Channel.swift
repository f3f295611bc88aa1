import CLinux
import Glibc
import Synchronization

/// Why socket I/O on a connection stopped.
enum ChannelError: Error {
    case timedOut
    case shutdown
    case closedByPeer
    case failed(SocketError)
}

/// A connected, non-blocking socket with its read buffer; every wait suspends the task on the loop.
///
/// `@unchecked Sendable`: a channel belongs to one connection task. Handlers reach it only through the
/// request body and response writers, which that same task awaits, so it is never used concurrently.
final class Channel: @unchecked Sendable {
    let fd: Int32
    let loop: EventLoop
    let peer: String
    let limits: Limits
    var buffer = ReadBuffer()
    /// Guards the descriptor against `cutOff()` from another thread racing `close()`: a descriptor
    /// number is reused at once, so a shutdown(2) after close(2) could hit someone else's socket.
    private let closed = Mutex<Bool>(false)

    init(fd: Int32, peer: String, loop: EventLoop, limits: Limits) {
        (self.fd, self.peer, self.loop, self.limits) = (fd, peer, loop, limits)
    }

    /// Reads whatever is available into the buffer, waiting until `deadline`. Returns false at end of stream.
    func fill(deadline: ContinuousClock.Instant, idle: Bool = false) async throws(ChannelError) -> Bool {
        while true {
            let count = buffer.receive(from: fd)
            if count > 0 { return true }
            if count == 0 { return false }
            switch errno {
            case EAGAIN, EWOULDBLOCK: try await waitFor(writable: false, deadline: deadline, idle: idle)
            case EINTR: continue
            case ECONNRESET: throw .closedByPeer
            default: throw .failed(SocketError(call: "recv"))
            }
        }
    }

    /// Writes `head` then `body` with as few `writev` calls as the socket allows.
    func write(_ head: [UInt8], _ body: [UInt8] = []) async throws(ChannelError) {
        let total = head.count + body.count
        var offset = 0
        let deadline = ContinuousClock.now + limits.writeTimeout
        while offset < total {
            let written = head.withUnsafeBytes { h in body.withUnsafeBytes { b in Channel.writev(fd, h, b, from: offset) } }
            if written >= 0 { offset += written; continue }
            try await handleWriteError(deadline: deadline)
        }
    }

    /// Sends `length` bytes of the open file `file` from `offset` with sendfile(2).
    func sendFile(_ file: Int32, offset: Int64, length: Int64) async throws(ChannelError) {
        var position = off_t(offset)
        let end = offset + length
        var deadline = ContinuousClock.now + limits.writeTimeout
        while Int64(position) < end {
            let chunk = Int(min(end - Int64(position), 1 << 30))
            let sent = CLinux.sendfile(fd, file, &position, chunk)
            if sent > 0 { deadline = .now + limits.writeTimeout; continue }
            if sent == 0 { throw .failed(SocketError(call: "sendfile: file shorter than expected", code: EIO)) }
            try await handleWriteError(deadline: deadline)
        }
    }

    func close() {
        closed.withLock { closed in
            guard !closed else { return }
            closed = true
            loop.deregister(fd)
            Glibc.close(fd)
        }
    }

    /// Ends the connection from outside its task (a shutdown past its grace period): pending and
    /// future reads and writes fail, and the task then closes the descriptor itself.
    func cutOff() {
        closed.withLock { closed in
            if !closed { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Half-closes the write side after a final error response, so the client reads it before the reset.
    func shutdownWrite() {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    private func handleWriteError(deadline: ContinuousClock.Instant) async throws(ChannelError) {
        switch errno {
        case EAGAIN, EWOULDBLOCK: try await waitFor(writable: true, deadline: deadline)
        case EINTR: return
        case EPIPE, ECONNRESET: throw .closedByPeer
        default: throw .failed(SocketError(call: "write"))
        }
    }

    private func waitFor(writable: Bool, deadline: ContinuousClock.Instant, idle: Bool = false) async throws(ChannelError) {
        switch await loop.wait(for: fd, writable: writable, deadline: deadline, idle: idle) {
        case .ready: return
        case .timedOut: throw .timedOut
        case .shutdown: throw .shutdown
        }
    }

    private static func writev(_ fd: Int32, _ head: UnsafeRawBufferPointer, _ body: UnsafeRawBufferPointer, from offset: Int) -> Int {
        withUnsafeTemporaryAllocation(of: iovec.self, capacity: 2) { vectors in
            var count = 0
            if offset < head.count, let base = head.baseAddress {
                vectors[count] = iovec(iov_base: UnsafeMutableRawPointer(mutating: base + offset), iov_len: head.count - offset)
                count += 1
            }
            let bodyStart = max(0, offset - head.count)
            if bodyStart < body.count, let base = body.baseAddress {
                vectors[count] = iovec(iov_base: UnsafeMutableRawPointer(mutating: base + bodyStart), iov_len: body.count - bodyStart)
                count += 1
            }
            return Glibc.writev(fd, vectors.baseAddress, Int32(count))
        }
    }
}
