import Testing
@testable import HTTP

/// Graceful shutdown: stop accepting, let the request in flight finish, then stop.
struct ShutdownTests {
    @Test func finishesInFlightRequestsAndRefusesNewConnections() async throws {
        let (entered, enteredSignal) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
        var router = Router()
        router.get("/slow") { _ in
            enteredSignal.yield()
            for await _ in release { break }
            return .text("finished")
        }
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.logger.logLevel = .warning
        let server = Server(configuration: configuration, router: router)
        let port = try server.start()

        let idle = try RawClient(port: port)
        let reply = Task { try await blocking {
            let client = try RawClient(port: port)
            try client.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
            return try client.readResponse()
        } }
        for await _ in entered { break }
        let shutdown = Task { await server.shutdown() }

        // New connections are refused once the listener closes.
        var refused = false
        for _ in 0..<500 where !refused {
            refused = (try? RawClient(port: port)) == nil
            if !refused { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(refused)
        #expect(try await blocking { idle.isClosedByServer() })  // an idle keep-alive connection is closed

        releaseSignal.yield()
        let answer = try await reply.value
        #expect(answer.status == 200)
        #expect(answer.text == "finished")
        #expect(answer.headers["Connection"] == "close")
        await shutdown.value
    }

    @Test func cutsOffRequestsThatOutliveTheGracePeriod() async throws {
        var router = Router()
        router.get("/never") { request in
            _ = try await request.body.collect()
            try await Task.sleep(for: .seconds(3600))
            return .text("unreachable")
        }
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.logger.logLevel = .error
        configuration.shutdownGracePeriod = .milliseconds(100)
        let server = Server(configuration: configuration, router: router)
        let port = try server.start()
        let client = try RawClient(port: port)
        try client.send("GET /never HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n")
        let started = ContinuousClock.now
        await server.shutdown()
        #expect(ContinuousClock.now - started < .seconds(60))  // not the handler's hour; generous for a loaded machine
    }
}
