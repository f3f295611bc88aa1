import Dispatch
import Glibc
import Synchronization

/// Turns SIGTERM and SIGINT into an async event: the agent stops polling and lets its jobs wind down
/// instead of dying mid-step.
enum SignalWatcher {
    /// Returns the signal's number once either arrives. The default handlers are disabled for good.
    static func next() async -> Int32 {
        await next(from: stream())
    }

    static func next(from stream: AsyncStream<Int32>) async -> Int32 {
        for await number in stream { return number }
        return SIGTERM
    }

    /// The signals from now on: the handlers are in place when this returns, so a SIGTERM that
    /// arrives while the agent is still starting is not lost (nor kills it).
    static func stream() -> AsyncStream<Int32> {
        AsyncStream<Int32> { continuation in
            let sources = [SIGTERM, SIGINT].map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { continuation.yield(number) }
                source.resume()
                return source
            }
            let holder = Holder(sources)
            continuation.onTermination = { _ in holder.cancel() }
        }
    }
}

/// Keeps the dispatch sources alive until the stream ends.
private final class Holder: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>

    init(_ sources: sending [any DispatchSourceSignal]) {
        self.sources = Mutex(sources)
    }

    func cancel() {
        sources.withLock { $0.forEach { $0.cancel() } }
    }
}
