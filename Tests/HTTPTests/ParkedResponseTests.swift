import Glibc
import Synchronization
import Testing
@testable import HTTP

/// `Response.parked`: the request waits with no task until something resumes it; the answer keeps
/// the placeholder's middleware headers, may park again, and the connection goes on after it.
struct ParkedResponseTests {
    /// The parked requests, for the test to resume.
    final class Parking: Sendable {
        private let parked = Mutex<[Resumption]>([])
        var count: Int { parked.withLock { $0.count } }
        func add(_ resumption: Resumption) { parked.withLock { $0.append(resumption) } }
        func take() -> Resumption? { parked.withLock { $0.isEmpty ? nil : $0.removeFirst() } }
    }

    static func routes(_ parking: Parking) -> (inout Router) -> Void {
        { router in
            router.get("/park") { _ in .parked { parking.add($0) } }
            router.get("/now") { _ in .text("now") }
        }
    }

    static func waitUntil(_ condition: () -> Bool) throws {
        for _ in 0..<2000 where !condition() { usleep(1000) }
        guard condition() else { throw RawClient.Failure(description: "the request was never parked") }
    }

    @Test("a parked request is answered when resumed, with the middleware's headers, and the connection goes on")
    func resumed() async throws {
        let parking = Parking()
        try await withServer(middleware: [DeferredResponseTests.Stamp()], routes: Self.routes(parking)) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("GET /park HTTP/1.1\r\nHost: t\r\n\r\n")
                try Self.waitUntil { parking.count == 1 }
                let resumption = try #require(parking.take())
                resumption.resume {
                    var response = Response.text("resumed", status: .accepted)
                    response.headers.add("X-Overridden", "answer")
                    return response
                }
                resumption.resume(with: .text("a second resume is ignored"))
                let answer = try client.readResponse()
                #expect(answer.status == 202 && answer.text == "resumed")
                #expect(answer.headers["X-Stamp"] == "set-by-middleware" && answer.headers.values("X-Overridden") == ["answer"])
                try client.send("GET /now HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().text == "now")
            }
        }
    }

    @Test("an answer that parks again waits for the next resumption")
    func parksAgain() async throws {
        let parking = Parking()
        try await withServer(routes: Self.routes(parking)) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("GET /park HTTP/1.1\r\nHost: t\r\n\r\n")
                try Self.waitUntil { parking.count == 1 }
                parking.take()!.resume { .parked { parking.add($0) } }
                try Self.waitUntil { parking.count == 1 }
                parking.take()!.resume(with: .text("second"))
                #expect(try client.readResponse().text == "second")
            }
        }
    }

    @Test("requests parked that nothing resumes are closed when the server shuts down")
    func closedAtShutdown() async throws {
        let parking = Parking()
        let opened = Mutex<RawClient?>(nil)
        try await withServer(configure: { $0.shutdownGracePeriod = .milliseconds(100) }, routes: Self.routes(parking)) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("GET /park HTTP/1.1\r\nHost: t\r\n\r\n")
                try Self.waitUntil { parking.count == 1 }
                opened.withLock { $0 = client }
            }
        }
        let client = try #require(opened.withLock { $0 })
        try await blocking { #expect(throws: (any Error).self) { try client.readResponse() } }
    }
}
