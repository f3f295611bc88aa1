import CLinux
import Glibc

/// One level-triggered epoll instance for the fleet simulator's single thread; each registration
/// carries a caller-chosen number (the connection's index) instead of the descriptor.
final class Epoll {
    private let fd: Int32
    private var events: [epoll_event]

    init(capacity: Int = 1024) throws {
        fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw SocketError(call: "epoll_create1") }
        events = [epoll_event](repeating: epoll_event(), count: capacity)
    }

    deinit { close(fd) }

    /// Watches `socket` for input, and for output too when `writable` (a connect or a send in progress).
    func add(_ socket: Int32, tag: Int, writable: Bool) throws {
        var event = epoll_event(events: interest(writable), data: epoll_data_t(u64: UInt64(tag)))
        guard epoll_ctl(fd, EPOLL_CTL_ADD, socket, &event) == 0 else { throw SocketError(call: "epoll_ctl add") }
    }

    func modify(_ socket: Int32, tag: Int, writable: Bool) {
        var event = epoll_event(events: interest(writable), data: epoll_data_t(u64: UInt64(tag)))
        _ = epoll_ctl(fd, EPOLL_CTL_MOD, socket, &event)
    }

    /// Waits up to `milliseconds` and calls `body(tag, isReadable, isWritable)` for each ready socket.
    func wait(milliseconds: Int32, _ body: (Int, Bool, Bool) -> Void) {
        let count = epoll_wait(fd, &events, Int32(events.count), milliseconds)
        guard count > 0 else { return }
        let failure = EPOLLHUP.rawValue | EPOLLERR.rawValue
        for event in events[..<Int(count)] {
            body(Int(event.data.u64), event.events & (EPOLLIN.rawValue | failure) != 0,
                 event.events & (EPOLLOUT.rawValue | failure) != 0)
        }
    }

    private func interest(_ writable: Bool) -> UInt32 {
        EPOLLIN.rawValue | (writable ? EPOLLOUT.rawValue : 0)
    }
}
