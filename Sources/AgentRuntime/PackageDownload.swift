import Core
import Foundation
import Glibc
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Streams one HTTP GET into a file descriptor as the bytes arrive (never holding the package in
/// memory), appending after `offset` when the server answers 206 to our `Range` and starting over
/// when it answers 200.
final class PackageDownload: NSObject, URLSessionDataDelegate, Sendable {
    private struct State {
        var written: Int64
        var status = 0
        var failure: AgentError?
        var body = Data()
        var continuation: CheckedContinuation<Int64, any Error>?
    }

    private let fd: Int32
    private let state: Mutex<State>

    private init(fd: Int32, offset: Int64) {
        self.fd = fd
        state = Mutex(State(written: offset))
    }

    /// Downloads `request` into `path`, resuming from the bytes already there. Returns the file's size.
    static func fetch(_ request: URLRequest, into path: String, configuration: URLSessionConfiguration) async throws(AgentError) -> Int64 {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .state("cannot open \(path): \(errnoText())") }
        defer { close(fd) }
        let offset = Int64(lseek(fd, 0, SEEK_END))
        var request = request
        if offset > 0 { request.setValue("bytes=\(offset)-", forHTTPHeaderField: "Range") }
        let delegate = PackageDownload(fd: fd, offset: offset)
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let pending = PendingTask()
        defer { pending.finish() }
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    delegate.state.withLock { $0.continuation = continuation }
                    pending.start(session.dataTask(with: request))
                }
            } onCancel: {
                // Not from inside the handler: see `URLSession.load`.
                DispatchQueue.global().async { pending.cancel() }
            }
        } catch let error as AgentError {
            throw error
        } catch {
            throw .unreachable(AgentClient.describe(error))
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        state.withLock { state in
            state.status = status
            if status == 200 || (status == 206 && state.written == 0) {
                // A full answer: whatever was downloaded before is replaced.
                _ = ftruncate(fd, 0)
                _ = lseek(fd, 0, SEEK_SET)
                state.written = 0
            } else if status == 416 {
                state.failure = .rejected(status: 416, message: "the server has fewer bytes than the partial download")
                _ = ftruncate(fd, 0)
            }
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        state.withLock { state in
            guard state.failure == nil else { return }
            guard state.status == 200 || state.status == 206 else {
                if state.body.count < 4096 { state.body.append(data.prefix(4096)) }
                return
            }
            let failed = data.withUnsafeBytes { buffer -> Bool in
                var offset = 0
                while offset < buffer.count {
                    let rc = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if rc < 0 { if errno == EINTR { continue }; return true }
                    offset += rc
                }
                return false
            }
            if failed { state.failure = .state("cannot write the download: \(errnoText())"); dataTask.cancel() }
            state.written += Int64(data.count)
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (continuation, outcome): (CheckedContinuation<Int64, any Error>?, Result<Int64, AgentError>) = state.withLock { state in
            let continuation = state.continuation
            state.continuation = nil
            if let failure = state.failure { return (continuation, .failure(failure)) }
            if let error { return (continuation, .failure(.unreachable(AgentClient.describe(error)))) }
            do throws(AgentError) {
                try AgentClient.check(status: state.status, body: state.body)
                return (continuation, .success(state.written))
            } catch {
                return (continuation, .failure(error))
            }
        }
        continuation?.resume(with: outcome.mapError { $0 as any Error })
    }
}
