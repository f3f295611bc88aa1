import Core
import Engine

/// What a live feed follows, merged into one stream: the engine's release updates and the agents'
/// job updates (each through a filter), a tick every `interval`, and a keep-alive every 15 s. It
/// ends with `.closed` when the release bus closes (the server is shutting down); `stop` ends it
/// for a client that went away.
final class LiveSignals: Sendable {
    enum Signal: Sendable {
        case release(Release), job(Job), tick, keepAlive, closed
    }

    let signals: AsyncStream<Signal>
    private let continuation: AsyncStream<Signal>.Continuation
    private let feeders: [Task<Void, Never>]

    init(releases: EventBus<Release>, jobs: EventBus<Job>, interval: Duration,
         releaseFilter: @escaping @Sendable (Release) -> Bool = { _ in true }, jobFilter: @escaping @Sendable (Job) -> Bool = { _ in true }) {
        let (signals, continuation) = AsyncStream.makeStream(of: Signal.self, bufferingPolicy: .bufferingNewest(4096))
        let releaseUpdates = releases.subscribe()
        let jobUpdates = jobs.subscribe()
        self.signals = signals
        self.continuation = continuation
        feeders = [
            Task {
                for await release in releaseUpdates where releaseFilter(release) { continuation.yield(.release(release)) }
                continuation.yield(.closed)
            },
            Task { for await job in jobUpdates where jobFilter(job) { continuation.yield(.job(job)) } },
            Task {
                var sinceKeepAlive = Duration.zero
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    sinceKeepAlive += interval
                    continuation.yield(.tick)
                    if sinceKeepAlive >= .seconds(15) { sinceKeepAlive = .zero; continuation.yield(.keepAlive) }
                }
            },
        ]
    }

    func stop() {
        feeders.forEach { $0.cancel() }
        continuation.finish()
    }
}
