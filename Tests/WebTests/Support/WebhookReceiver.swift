import Foundation
import HTTP
import Synchronization

/// A webhook receiver on 127.0.0.1, port 0: our own HTTP server with one route, `POST /hook`,
/// that records every request and answers the statuses it is given in turn (then 200).
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        let headers: Headers
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private final class State: Sendable {
        let received = Mutex<[Delivery]>([])
        let statuses: Mutex<[Int]>
        init(_ statuses: [Int]) { self.statuses = Mutex(statuses) }
    }

    private let state: State
    private let server: Server
    let port: Int

    init(answering statuses: [Int] = []) throws {
        let state = State(statuses)
        var router = Router()
        router.post("/hook") { request in
            let body = try await request.body.collect()
            state.received.withLock { $0.append(Delivery(headers: request.headers, body: body)) }
            let status = state.statuses.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
            return .text(status == 200 ? "ok" : "down for maintenance", status: Status(status))
        }
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.loopCount = 1
        self.state = state
        server = Server(configuration: configuration, router: router)
        port = try server.start()
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var deliveries: [Delivery] { state.received.withLock { $0 } }

    /// Answers `next` to the next requests, then 200.
    func answer(_ next: [Int]) { state.statuses.withLock { $0 = next } }

    func stop() async { await server.shutdown() }
}
