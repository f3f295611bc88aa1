import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A server-sent event stream read as it arrives, for streams that do not end: a thread reads the
/// socket into a buffer that `wait(for:)` looks at.
final class EventStreamReader: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var buffer = ""
    private var isClosed = false

    init(port: Int, path: String, headers: [String: String]) throws {
        let head = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            + headers.map { "\($0.key): \($0.value)\r\n" }.joined() + "\r\n"
        fd = try PackagesAPITests.connectAndSend(Array(head.utf8), port: port)
        Thread { [self] in read() }.start()
    }

    deinit { stop() }

    /// Everything received so far, the response head included.
    var text: String { lock.withLock { buffer } }

    /// Waits until the text received passes `condition` (up to `limit`); throws with the text otherwise.
    func wait(for what: String, limit: Duration = .seconds(20), _ condition: (String) -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let (text, closed) = lock.withLock { (buffer, isClosed) }
            if condition(text) { return }
            if closed { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw RawHTTP.Failure("the event stream never showed \(what); it sent: \(text)")
    }

    func stop() {
        lock.withLock {
            guard !isClosed else { return }
            isClosed = true
            shutdown(fd, Int32(SHUT_RDWR))
        }
    }

    private func read() {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            let text = String(decoding: chunk[0..<count], as: UTF8.self)
            lock.withLock { buffer += text }
        }
        lock.withLock { isClosed = true }
        close(fd)
    }
}
