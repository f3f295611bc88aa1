import Dispatch
import Glibc
import Synchronization

/// Turns SIGTERM and SIGINT into an async event: the agent stops polling and lets its jobs wind down
/// instead of dying mid-step.
enum SignalWatcher {
    /// The signals' numbers as they arrive, watched from the moment this returns (so call it before
    /// anything else can take time). The default handlers are disabled for good.
    static func makeStream() -> AsyncStream<Int32> {
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
