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

    /// `read` gives a release the caller may view, or nil (gone, or another group's).
    func stream(read: @escaping @Sendable (Int64) async -> ReleaseOperations.Detail?) -> Response {
        .eventStream { [releaseUpdates, jobUpdates, interval] events in
            let live = LiveSignals(releases: releaseUpdates, jobs: jobUpdates, interval: interval)
            defer { live.stop() }
            try await events.retry(milliseconds: 2000)
            try await events.comment("connected")
            var dirty = Set<Int64>()
            for await signal in live.signals {
                switch signal {
                case .release(let release): dirty.insert(release.id)
                case .job(let job): dirty.insert(job.releaseID)
                case .keepAlive: try await events.comment("keep-alive")
                case .closed: return
                case .tick:
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
