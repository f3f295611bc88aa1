import Synchronization

/// Fan-out of live events (release progress, machine state) to server-sent-event streams.
///
/// Subscribers get an `AsyncStream` that buffers the newest events only, so a slow browser tab can
/// never make the publisher wait or grow memory without bound.
public final class EventBus<Event: Sendable>: Sendable {
    private let subscribers = Mutex<[UInt64: AsyncStream<Event>.Continuation]>([:])
    private let observers = Mutex<[@Sendable (Event) -> Void]>([])
    private let nextID = Atomic<UInt64>(0)
    private let isClosed = Atomic<Bool>(false)
    private let bufferSize: Int

    public init(bufferSize: Int = 256) {
        self.bufferSize = bufferSize
    }

    /// A stream of every event published from now on; it ends when the consumer stops iterating or
    /// the bus closes (at once, when it is closed already).
    public func subscribe() -> AsyncStream<Event> {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(bufferSize))
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLock { _ = $0.removeValue(forKey: id) }
        }
        let added = subscribers.withLock { subscribers in
            guard !isClosed.load(ordering: .relaxed) else { return false }
            subscribers[id] = continuation
            return true
        }
        if !added { continuation.finish() }
        return stream
    }

    /// Calls `observer` with every event published from now on, on the publisher's thread before
    /// `publish` returns, for as long as the bus lives. For a consumer that must neither miss an
    /// event nor lag behind one (the release engine: a stream drops its oldest events when full, and
    /// its consumer runs later, in a task of its own); `observer` must only take note and return.
    public func observe(_ observer: @escaping @Sendable (Event) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    /// Ends every subscriber's stream, now and from now on: the server is shutting down, and live
    /// pages must let go of their connections instead of holding up the drain.
    public func close() {
        let targets = subscribers.withLock { subscribers in
            isClosed.store(true, ordering: .relaxed)
            return Array(subscribers.values)
        }
        for continuation in targets { continuation.finish() }
    }

    public func publish(_ event: Event) {
        for observer in observers.withLock({ $0 }) { observer(event) }
        let targets = subscribers.withLock { Array($0.values) }
        for continuation in targets { continuation.yield(event) }
    }

    public var subscriberCount: Int { subscribers.withLock { $0.count } }
}
