import Glibc
@testable import HTTP

/// A blocking HTTP/1.1 client on a raw socket, for tests that need exact bytes on the wire.
final class RawClient: @unchecked Sendable {  // used by one thread at a time in tests
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Reply {
        var version = ""
        var status = 0
        var headers = Headers()
        var body: [UInt8] = []
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    let fd: Int32
    private var pending: [UInt8] = []

    init(port: Int, timeoutSeconds: Int = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let code = errno
            close(fd)
            throw Failure(description: "connect failed: errno \(code)")
        }
    }

    deinit { close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Reads one response; `bodyless` for answers to HEAD.
    func readResponse(bodyless: Bool = false) throws -> Reply {
        let headEnd = try readUntil([13, 10, 13, 10])
        let headText = String(decoding: pending[0..<headEnd], as: UTF8.self)
        pending.removeFirst(headEnd + 4)
        var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        var reply = Reply(version: String(statusLine[0]), status: Int(statusLine[1]) ?? 0)
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 1)
            reply.headers.add(String(parts[0]), parts.count > 1 ? parts[1].trimmingOWS() : "")
        }
        if bodyless || reply.status < 200 || reply.status == 204 || reply.status == 304 { return reply }
        if let length = reply.headers["Content-Length"].flatMap(Int.init) {
            reply.body = try readExactly(length)
        } else if reply.headers["Transfer-Encoding"] == "chunked" {
            reply.body = try readChunked()
        } else {
            reply.body = readToEnd()
        }
        return reply
    }

    /// Everything until the server closes (or the read times out).
    func readToEnd() -> [UInt8] {
        while fill() > 0 {}
        defer { pending = [] }
        return pending
    }

    /// True when the server has closed the connection (recv returns 0 or a reset).
    func isClosedByServer() -> Bool {
        pending.isEmpty && fill() <= 0
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let lineEnd = try readUntil([13, 10])
            let sizeText = String(decoding: pending[0..<lineEnd], as: UTF8.self).split(separator: ";")[0]
            pending.removeFirst(lineEnd + 2)
            guard let size = Int(sizeText, radix: 16) else { throw Failure(description: "bad chunk size \(sizeText)") }
            if size == 0 {
                _ = try readUntil([13, 10])
                pending.removeFirst(2)
                return body
            }
            body += try readExactly(size)
            _ = try readExactly(2)
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while pending.count < count {
            guard fill() > 0 else { throw Failure(description: "connection ended after \(pending.count) of \(count) bytes") }
        }
        defer { pending.removeFirst(count) }
        return Array(pending[0..<count])
    }

    private func readUntil(_ marker: [UInt8]) throws -> Int {
        var searchFrom = 0
        while true {
            if pending.count >= marker.count {
                for index in searchFrom...(pending.count - marker.count) where pending[index..<(index + marker.count)].elementsEqual(marker) {
                    return index
                }
                searchFrom = pending.count - marker.count + 1
            }
            guard fill() > 0 else { throw Failure(description: "connection ended before \(marker) (had \(pending.count) bytes)") }
        }
    }

    @discardableResult
    private func fill() -> Int {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
        if count > 0 { pending += chunk[0..<count] }
        return count
    }
}
