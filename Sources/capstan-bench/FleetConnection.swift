import Glibc

/// One simulated agent's connection to the server: a non-blocking socket from a 127.0.0.x source
/// address, the request being sent, and the bytes of the answer so far.
///
/// Answers must carry Content-Length (204 and 304 may omit it); chunked ones are refused.
struct FleetConnection {
    /// A whole answer taken off the connection.
    struct Answer {
        let status: Int
        let body: [UInt8]
        /// `Connection: close`: the server ends the connection after this answer.
        let closes: Bool
    }

    var fd: Int32 = -1
    var isConnecting = false
    /// A request is out (or going out) and its answer has not fully arrived.
    var isAwaiting = false
    /// When the current request started (its first byte, or its connect for a per-request connection).
    var startedAt: Int64 = 0
    /// The previous heartbeat's answer had not arrived when the next one was due.
    var wantsRequest = false
    var isWatchingOutput = false
    var outbox: [UInt8] = []
    var sent = 0
    var inbox: [UInt8] = []
    private var head: HTTPResponse.Head?
    private var headLength = 0

    var isOpen: Bool { fd >= 0 }
    var isReady: Bool { fd >= 0 && !isConnecting }
    var hasOutput: Bool { sent < outbox.count }

    /// Starts a non-blocking connect from `source` (any free port) to 127.0.0.1:`port`.
    static func connect(from source: String, to port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket") }
        var one: Int32 = 1
        // IP_BIND_ADDRESS_NO_PORT (24): choose the port at connect, by the whole 4-tuple.
        setsockopt(fd, Int32(IPPROTO_IP), 24, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var local = try Socket.makeAddress(host: source, port: 0)
        var remote = try Socket.makeAddress(host: "127.0.0.1", port: port)
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }
        guard bound == 0 else { throw closing(fd, SocketError(call: "bind \(source)")) }
        let rc = withUnsafePointer(to: &remote) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, size) } }
        guard rc == 0 || errno == EINPROGRESS else { throw closing(fd, SocketError(call: "connect from \(source)")) }
        return fd
    }

    private static func closing(_ fd: Int32, _ error: SocketError) -> SocketError {
        close(fd)
        return error
    }

    /// The error a finished non-blocking connect left (0 when it succeeded).
    var connectError: Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
        return code
    }

    /// Sends what is left of the outbox; false when the connection failed.
    mutating func flush() -> Bool {
        while sent < outbox.count {
            let n = outbox[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN || errno == EWOULDBLOCK { return true }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }

    /// A whole answer from the inbox, or nil while it is still arriving.
    mutating func takeAnswer() throws -> Answer? {
        if head == nil {
            guard let end = HTTPResponse.endOfHead(in: inbox) else { return nil }
            head = try HTTPResponse.Head(parsing: inbox[..<end])
            headLength = end
        }
        guard let head else { return nil }
        guard let length = head.contentLength ?? ([204, 304].contains(head.status) ? 0 : nil) else {
            throw BenchError("a \(head.status) answer without Content-Length")
        }
        guard inbox.count >= headLength + length else { return nil }
        let body = Array(inbox[headLength..<(headLength + length)])
        inbox.removeFirst(headLength + length)
        self.head = nil
        return Answer(status: head.status, body: body, closes: head.headers["connection"]?.lowercased() == "close")
    }

    /// Closes the socket and forgets everything in flight.
    mutating func reset() {
        if fd >= 0 { close(fd) }
        self = FleetConnection()
    }
}
