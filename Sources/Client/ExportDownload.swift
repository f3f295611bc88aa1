import Foundation
import Glibc
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Streams one GET into a file descriptor as the bytes arrive, so an export of any length passes
/// through the CLI without being held. An error status's body is kept (up to 4 KiB) for its message.
final class ExportDownload: NSObject, URLSessionDataDelegate, Sendable {
    private struct State {
        var status = 0
        var written: Int64 = 0
        var body = Data()
        var writeFailure: Int32?
        var continuation: CheckedContinuation<(status: Int, written: Int64, body: Data), any Error>?
    }

    private let fd: Int32
    private let state = Mutex(State())

    private init(fd: Int32) {
        self.fd = fd
    }

    /// Sends `request`, writing a 2xx body to `fd`; answers the status, the bytes written, and an
    /// error status's body.
    static func fetch(_ request: URLRequest, into fd: Int32, configuration: URLSessionConfiguration)
        async throws -> (status: Int, written: Int64, body: Data) {
        let delegate = ExportDownload(fd: fd)
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return try await withCheckedThrowingContinuation { continuation in
            delegate.state.withLock { $0.continuation = continuation }
            session.dataTask(with: request).resume()
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        state.withLock { $0.status = status }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        state.withLock { state in
            guard (200..<300).contains(state.status) else {
                if state.body.count < 4096 { state.body.append(data.prefix(4096 - state.body.count)) }
                return
            }
            guard state.writeFailure == nil else { return }
            let failure = data.withUnsafeBytes { buffer -> Int32? in
                var offset = 0
                while offset < buffer.count {
                    let rc = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if rc < 0 { if errno == EINTR { continue }; return errno }
                    offset += rc
                }
                return nil
            }
            if let failure {
                state.writeFailure = failure
                dataTask.cancel()
            }
            state.written += Int64(data.count)
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (continuation, result) = state.withLock { state -> (CheckedContinuation<(status: Int, written: Int64, body: Data), any Error>?, Result<(status: Int, written: Int64, body: Data), any Error>) in
            let continuation = state.continuation
            state.continuation = nil
            if let failure = state.writeFailure { return (continuation, .failure(ExportWriteFailure(errno: failure))) }
            if let error { return (continuation, .failure(error)) }
            return (continuation, .success((state.status, state.written, state.body)))
        }
        continuation?.resume(with: result)
    }
}

/// Writing the export to its destination failed (a full disk, a closed pipe).
struct ExportWriteFailure: Error {
    let errno: Int32
}
