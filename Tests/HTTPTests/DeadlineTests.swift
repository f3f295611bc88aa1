import Testing
@testable import HTTP

/// Read deadlines: a slow or silent client is cut off without holding up anyone else.
struct DeadlineTests {
    func shortDeadlines(_ configuration: inout ServerConfiguration) {
        configuration.limits.headerTimeout = .milliseconds(300)
        configuration.limits.idleTimeout = .milliseconds(300)
        configuration.limits.bodyRateGrace = .milliseconds(300)
    }

    @Test func stalledHeadersGet408WhileOthersAreServed() async throws {
        try await withServer(configure: shortDeadlines, routes: ServerTests.routes) { port in
            try await blocking {
                let slow = try RawClient(port: port)
                try slow.send("GET /ping HTTP/1.1\r\nHo")
                let fast = try RawClient(port: port)
                for index in 0..<20 {
                    try fast.send("GET /echo/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
                    #expect(try fast.readResponse().text == "\(index)")
                }
                let reply = try slow.readResponse()
                #expect(reply.status == 408)
                #expect(reply.headers["Connection"] == "close")
                #expect(slow.isClosedByServer())
            }
        }
    }

    @Test func idleKeepAliveConnectionsAreClosedQuietly() async throws {
        try await withServer(configure: shortDeadlines, routes: ServerTests.routes) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("GET /ping HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().status == 200)
                #expect(client.readToEnd().isEmpty)  // closed with no 408: it asked for nothing
            }
        }
    }

    @Test func stalledBodiesGet408() async throws {
        try await withServer(configure: shortDeadlines, routes: ServerTests.routes) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly some")
                #expect(try client.readResponse().status == 408)
            }
        }
    }
}
