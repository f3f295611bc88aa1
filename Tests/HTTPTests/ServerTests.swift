import Testing
@testable import HTTP

/// The server over real sockets on 127.0.0.1: persistence, pipelining, bodies, errors.
struct ServerTests {
    static func routes(_ router: inout Router) {
        router.get("/ping") { _ in .text("pong") }
        router.get("/echo/:value") { request in .text(request.parameters["value"] ?? "") }
        router.post("/echo") { request in
            .text(String(decoding: try await request.body.collect(), as: UTF8.self))
        }
        router.post("/small", bodyLimit: 16) { request in
            .text("\(try await request.body.collect().count)")
        }
        router.get("/stream") { _ in
            .stream(contentType: "text/plain") { writer in
                for index in 1...3 { try await writer.write("part \(index)\n") }
            }
        }
        router.get("/events") { _ in
            .eventStream { events in
                try await events.send(event: "progress", id: "1", data: "one\ntwo")
                try await events.comment("keep-alive")
            }
        }
    }

    @Test func servesAThousandRequestsOnOneConnection() async throws {
        try await withServer(routes: Self.routes) { port in
            try await blocking {
                let client = try RawClient(port: port)
                for index in 0..<1000 {
                    try client.send("GET /echo/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
                    let reply = try client.readResponse()
                    guard reply.status == 200, reply.text == "\(index)" else {
                        throw RawClient.Failure(description: "request \(index): \(reply.status) \(reply.text)")
                    }
                }
            }
        }
    }

    @Test func answersPipelinedRequestsInOrder() async throws {
        try await withServer(routes: Self.routes) { port in
            let bodies = try await blocking {
                let client = try RawClient(port: port)
                try client.send((0..<20).map { "GET /echo/\($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
                return try (0..<20).map { _ in try client.readResponse().text }
            }
            #expect(bodies == (0..<20).map(String.init))
        }
    }

    @Test func servesFiveHundredConcurrentConnections() async throws {
        try await withServer(routes: Self.routes) { port in
            let answered = try await blocking {
                let clients = try (0..<500).map { _ in try RawClient(port: port) }
                for (index, client) in clients.enumerated() { try client.send("GET /echo/\(index) HTTP/1.1\r\nHost: t\r\n\r\n") }
                return try clients.enumerated().filter { index, client in try client.readResponse().text == "\(index)" }.count
            }
            #expect(answered == 500)
        }
    }

    @Test func answersHeadWithoutABody() async throws {
        try await withServer(routes: Self.routes) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("HEAD /ping HTTP/1.1\r\nHost: t\r\n\r\n")
                let head = try client.readResponse(bodyless: true)
                #expect(head.status == 200)
                #expect(head.headers["Content-Length"] == "4")
                #expect(head.headers["Date"]?.hasSuffix(" GMT") == true)
                try client.send("GET /ping HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().text == "pong")  // no stray body bytes were sent
            }
        }
    }

    @Test func servesHTTP10ClientsAndCloses() async throws {
        try await withServer(routes: Self.routes) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("GET /ping HTTP/1.0\r\n\r\n")
                let reply = try client.readResponse()
                #expect(reply.version == "HTTP/1.0")
                #expect(reply.headers["Connection"] == "close")
                #expect(client.isClosedByServer())
            }
        }
    }

    @Test func honoursConnectionClose() async throws {
        try await withServer(routes: Self.routes) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("GET /ping HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                #expect(try client.readResponse().headers["Connection"] == "close")
                #expect(client.isClosedByServer())
            }
        }
    }

    @Test func readsBodiesByLengthAndChunked() async throws {
        try await withServer(routes: Self.routes) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello")
                #expect(try client.readResponse().text == "hello")
                try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n")
                #expect(try client.readResponse().text == "abcde")
            }
        }
    }

    @Test func sendsContinueOnlyWhenTheBodyIsWanted() async throws {
        try await withServer(routes: Self.routes) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
                #expect(try client.readResponse().status == 100)
                try client.send("data")
                #expect(try client.readResponse().text == "data")
            }
        }
    }

    @Test func refusesBodiesOverTheRouteLimit() async throws {
        try await withServer(routes: Self.routes) { port in
            try await blocking {
                let declared = try RawClient(port: port)
                try declared.send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 17\r\n\r\n")
                let early = try declared.readResponse()
                #expect(early.status == 413)
                #expect(early.headers["Connection"] == "close")

                let chunked = try RawClient(port: port)
                try chunked.send("POST /small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n1\r\nX\r\n0\r\n\r\n")
                #expect(try chunked.readResponse().status == 413)

                let fits = try RawClient(port: port)
                try fits.send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 16\r\n\r\n0123456789abcdef")
                #expect(try fits.readResponse().text == "16")
            }
        }
    }

    @Test func keepsTheConnectionWhenAHandlerIgnoresASmallBody() async throws {
        try await withServer(routes: Self.routes) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("GET /ping HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabcGET /echo/after HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().text == "pong")
                #expect(try client.readResponse().text == "after")
            }
        }
    }

    @Test func streamsChunkedBodiesAndEvents() async throws {
        try await withServer(routes: Self.routes) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n")
                let stream = try client.readResponse()
                #expect(stream.headers["Transfer-Encoding"] == "chunked")
                #expect(stream.text == "part 1\npart 2\npart 3\n")
                try client.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
                let events = try client.readResponse()
                #expect(events.headers["Content-Type"] == "text/event-stream")
                #expect(events.text == "event: progress\nid: 1\ndata: one\ndata: two\n\n: keep-alive\n\n")
            }
        }
    }

    @Test func answersUnknownRoutesAndMethods() async throws {
        try await withServer(routes: Self.routes) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("GET /missing HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().status == 404)
                try client.send("DELETE /ping HTTP/1.1\r\nHost: t\r\n\r\n")
                let refused = try client.readResponse()
                #expect(refused.status == 405)
                #expect(refused.headers["Allow"] == "GET, HEAD")
            }
        }
    }

    @Test(arguments: [
        ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("GET /ping HTTP/1.1\r\n\r\n", 400),
        ("GET /ping HTTP/1.1\r\nHost: t\r\nBad : x\r\n\r\n", 400),
        ("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: br\r\n\r\n", 501),
        ("GET /static/../../etc/passwd HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        ("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: t\r\n\r\n", 414),
    ])
    func rejectsBadRequestsAndCloses(_ request: String, _ status: Int) async throws {
        try await withServer(routes: Self.routes) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send(request)
                let reply = try client.readResponse()
                #expect(reply.status == status)
                #expect(reply.headers["Connection"] == "close")
                #expect(client.isClosedByServer())
            }
        }
    }

    @Test func customErrorResponsesShapeServerErrors() async throws {
        try await withServer(configure: { $0.errorResponse = { status, _, _ in .json(Array("{\"status\":\(status.code)}".utf8), status: status) } },
                             routes: Self.routes) { port in
            try await blocking {
                let client = try RawClient(port: port)
                try client.send("GET /nothing HTTP/1.1\r\nHost: t\r\n\r\n")
                let reply = try client.readResponse()
                #expect(reply.text == "{\"status\":404}")
                #expect(reply.headers["Content-Type"] == "application/json")
            }
        }
    }
}
