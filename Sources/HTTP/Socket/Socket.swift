import CLinux
import Glibc

/// Thin wrappers over the POSIX socket calls the server needs; each throws `SocketError` with errno.
enum Socket {
    /// A non-blocking listening TCP socket bound to `host:port` (port 0 picks a free one).
    static func listen(host: String, port: Int, backlog: Int32) throws -> (fd: Int32, port: Int) {
        var address = try SocketAddress(host: host, port: port)
        let fd = Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket") }
        do {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            try address.withSockaddr { pointer, length in
                guard Glibc.bind(fd, pointer, length) == 0 else { throw SocketError(call: "bind \(host):\(port)") }
            }
            guard Glibc.listen(fd, backlog) == 0 else { throw SocketError(call: "listen") }
            return (fd, try boundPort(fd))
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    /// Accepts one pending connection as a non-blocking socket; nil when none is waiting.
    static func accept(_ fd: Int32) throws -> (fd: Int32, peer: String)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let client = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                accept4(fd, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            }
        }
        if client < 0 {
            switch errno {
            case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED, EPROTO: return nil
            default: throw SocketError(call: "accept4")
            }
        }
        try? setOption(client, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
        return (client, SocketAddress.describe(storage))
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws {
        var value = value
        guard setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SocketError(call: "setsockopt")
        }
    }

    private static func boundPort(_ fd: Int32) throws -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { throw SocketError(call: "getsockname") }
        return SocketAddress.port(storage)
    }
}
