import Dispatch
import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension URLSession {
    /// `data(for:)` that can be cancelled safely. On Linux, cancelling a task parked in
    /// FoundationNetworking's async `data(for:)` deadlocked the agent: the cancellation handler runs
    /// under the task's status lock and waits for the session's queue, while that queue waits for
    /// the same lock to resume the finished request. Here the cancel is sent from another queue.
    func load(_ request: URLRequest) async throws -> (Data, URLResponse) {
        let pending = PendingTask()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let task = dataTask(with: request) { data, response, error in
                    pending.finish()
                    if let error { return continuation.resume(throwing: error) }
                    guard let response else { return continuation.resume(throwing: URLError(.badServerResponse)) }
                    continuation.resume(returning: (data ?? Data(), response))
                }
                pending.start(task)
            }
        } onCancel: {
            DispatchQueue.global().async { pending.cancel() }
        }
    }
}

/// A request that may be cancelled before it has even started, or after it has finished: then the
/// cancel is not sent. FoundationNetworking traps ("a task that is not in the registry") when a
/// task it has already finished and forgotten is cancelled, which an agent stopping while a poll
/// was answered did (seen once in the test suite, as a crash of the whole test process).
final class PendingTask: Sendable {
    private let state = Mutex<(task: URLSessionTask?, isCancelled: Bool, isFinished: Bool)>((nil, false, false))

    func start(_ task: URLSessionTask) {
        let isCancelled = state.withLock { state in
            state.task = task
            return state.isCancelled
        }
        task.resume()
        if isCancelled { task.cancel() }
    }

    func cancel() {
        let task = state.withLock { state -> URLSessionTask? in
            state.isCancelled = true
            return state.isFinished ? nil : state.task
        }
        task?.cancel()
    }

    /// The request's completion handler has been called: nothing left to cancel.
    func finish() {
        state.withLock { $0.isFinished = true }
    }
}
