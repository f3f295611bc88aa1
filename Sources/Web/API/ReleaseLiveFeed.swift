import Core
import Engine
import Foundation
import HTTP

/// Live release progress: the server-sent event stream of one release, and waiting for one to
/// finish. Both follow the engine's release updates and the agents' job updates.
///
/// A stream sends `release` (the release with its counts) at once, again on every state change
/// and at most every `interval` while hosts move, `host` for each job that changed (coalesced per
/// job between two sends), and a comment every 15 s so proxies keep it open. It ends after the
/// release finishes, when the client goes away, or when the server shuts down (the bus closes).
struct ReleaseLiveFeed: Sendable {
    let releaseUpdates: EventBus<Release>
    let jobUpdates: EventBus<Job>
    var interval: Duration = .milliseconds(250)

    func stream(_ id: Int64, read: @escaping @Sendable () async throws -> ReleaseOperations.Detail) -> Response {
        .eventStream { [releaseUpdates, jobUpdates, interval] events in
            let live = LiveSignals(releases: releaseUpdates, jobs: jobUpdates, interval: interval,
                                   releaseFilter: { $0.id == id }, jobFilter: { $0.releaseID == id })
            defer { live.stop() }
            try await events.retry(milliseconds: 2000)
            guard try await send(read(), events) == false else { return }
            var changed: [Int64: Job] = [:]
            var isDirty = false
            for await signal in live.signals {
                switch signal {
                case .job(let job):
                    changed[job.id] = job
                    isDirty = true
                    continue
                case .keepAlive:
                    try await events.comment("keep-alive")
                    continue
                case .closed:
                    return
                case .tick where !isDirty:
                    continue
                case .release, .tick:
                    break
                }
                for job in changed.values.sorted(by: { $0.id < $1.id }) {
                    try await events.send(event: "host", id: nil, data: JSONBody.text(ReleaseJSON.job(job)))
                }
                changed.removeAll(keepingCapacity: true)
                isDirty = false
                if try await send(read(), events) { return }
            }
        }
    }

    /// Sends the release; true when it is finished (the stream's last event).
    private func send(_ detail: ReleaseOperations.Detail, _ events: EventStreamWriter) async throws -> Bool {
        try await events.send(event: "release", id: String(detail.release.revision),
                              data: JSONBody.text(ReleaseJSON.release(detail.release, tally: detail.tally)))
        return detail.release.isFinished
    }

    /// Returns once the release is finished or `timeout` passed.
    func waitUntilFinished(_ id: Int64, timeout: Duration, read: @escaping @Sendable () async throws -> Release) async {
        let updates = releaseUpdates.subscribe()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                if (try? await read())?.isFinished ?? true { return }
                for await release in updates where release.id == id && release.isFinished { return }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }
}
