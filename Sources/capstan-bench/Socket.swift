import Glibc

/// The bench's few blocking POSIX socket calls, kept in one place.
enum Socket {
    /// A connected, blocking TCP socket with send and receive timeouts.
    static func connect(to host: String, port: UInt16, timeoutSeconds: Int = 10) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = try makeAddress(host: host, port: port)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            let error = SocketError(call: "connect to \(host):\(port)")
            close(fd)
            throw error
        }
        return fd
    }

    /// A port on 127.0.0.1 that nothing listens on right now (the kernel picks it).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket") }
        defer { close(fd) }
        var address = try makeAddress(host: "127.0.0.1", port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 ? getsockname(fd, $0, &length) : -1
            }
        }
        guard rc == 0 else { throw SocketError(call: "bind 127.0.0.1:0") }
        return UInt16(bigEndian: address.sin_port)
    }

    static func send(_ bytes: [UInt8], on fd: Int32) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
            if n < 0, errno == EINTR, !Interrupt.isRequested { continue }
            guard n > 0 else { throw SocketError(call: "send") }
            sent += n
        }
    }

    /// Appends what one `recv` returns to `buffer`; returns false at end of stream.
    static func receive(into buffer: inout [UInt8], on fd: Int32) throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0, errno == EINTR, !Interrupt.isRequested { continue }
            guard n >= 0 else { throw SocketError(call: "recv") }
            buffer += chunk[..<n]
            return n > 0
        }
    }

    /// How many of `fds` have something to read right now (data, end of stream or an error).
    static func readableCount(_ fds: [Int32]) -> Int {
        var polled = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        return max(0, Int(poll(&polled, nfds_t(polled.count), 0)))
    }

    static func makeAddress(host: String, port: UInt16) throws -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw BenchError("'\(host)' is not an IPv4 address")
        }
        return address
    }
}

/// A failed socket call, with the `errno` it left.
struct SocketError: Error, CustomStringConvertible {
    let call: String
    let code: Int32

    init(call: String) {
        self.call = call
        self.code = errno
    }

    var description: String { "\(call): \(String(cString: strerror(code)))" }
}
