import Core
import Engine
import Foundation
import HTTP

/// `GET /releases/events`: the dashboard's server-sent event stream. One `release` event (the
/// release with its counts, as in `/api/v1/releases/{id}`) for every release of the caller's groups
/// that changed state or moved hosts, coalesced to at most one per release every `interval`, and a
/// comment every 15 s. It ends when the client goes away or the server shuts down. One stream serves the whole page, however many releases run (a browser keeps
/// only six connections per server).
struct DashboardFeed: Sendable {
    let releaseUpdates: EventBus<Release>
    let jobUpdates: EventBus<Job>
    var interval: Duration = .milliseconds(500)

    private enum Signal: Sendable {
        case changed(Int64), tick, closed
    }

    /// `read` gives a release the caller may view, or nil (gone, or another group's).
    func stream(read: @escaping @Sendable (Int64) async -> ReleaseOperations.Detail?) -> Response {
        .eventStream { [releaseUpdates, jobUpdates, interval] events in
            let (signals, continuation) = AsyncStream.makeStream(of: Signal.self, bufferingPolicy: .bufferingNewest(4096))
            let releases = releaseUpdates.subscribe()
            let jobs = jobUpdates.subscribe()
            let feeders = [
                Task {
                    for await release in releases { continuation.yield(.changed(release.id)) }
                    continuation.yield(.closed)
                },
                Task { for await job in jobs { continuation.yield(.changed(job.releaseID)) } },
                Task {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        continuation.yield(.tick)
                    }
                },
            ]
            defer {
                feeders.forEach { $0.cancel() }
                continuation.finish()
            }
            try await events.retry(milliseconds: 2000)
            try await events.comment("connected")
            var dirty = Set<Int64>()
            var sinceKeepAlive = Duration.zero
            for await signal in signals {
                switch signal {
                case .changed(let id):
                    dirty.insert(id)
                case .closed:
                    return
                case .tick:
                    sinceKeepAlive += interval
                    if sinceKeepAlive >= .seconds(15) {
                        sinceKeepAlive = .zero
                        try await events.comment("keep-alive")
                    }
                    for id in dirty.sorted() {
                        guard let detail = await read(id) else { continue }
                        try await events.send(event: "release", id: nil,
                                              data: JSONBody.text(ReleaseJSON.release(detail.release, tally: detail.tally)))
                    }
                    dirty.removeAll(keepingCapacity: true)
                }
            }
        }
    }
}
