import Logging

/// One client connection: reads requests in order, runs each through the middleware chain and
/// router, writes the answers in the same order, until either side closes or the server drains.
struct Connection {
    let channel: Channel
    let core: ServerCore
    /// Runs the body in a new task of the connection (on its loop), for a parked request resumed:
    /// the body returns true when the connection closed.
    let continueLater: @Sendable (@escaping @Sendable () async -> Bool) -> Void

    private var limits: Limits { core.configuration.limits }

    /// Serves requests until the connection closes, or until a response parks it (`Response.parked`).
    /// Returns true when it closed; false when a `Resumption` now holds it and will go on in a new task.
    func run(from start: Step? = nil) async -> Bool {
        var carried = start
        serving: while true {
            let step: Step
            if let next = carried {
                (step, carried) = (next, nil)
            } else {
                guard let head = await readHead() else { break serving }
                // Each request is served in a child task (which inherits the loop as its executor).
                // A task keeps the memory its frames ever needed until it ends; served inline, a
                // keep-alive connection would hold the deepest request's frames (middleware, handler,
                // response writing: ~20 KiB) for as long as it stays open, idle or parked.
                step = await withTaskGroup(of: Step.self) { group in
                    group.addTask { await serve(head) }
                    return await group.next() ?? .close
                }
            }
            switch step {
            case .again: continue
            case .close: break serving
            case .deferred(let produce, let pending):
                carried = await answer(produce, pending)
            case .parked(let park, let pending):
                // This task ends here; the resumption starts the next one.
                channel.buffer.releaseIfEmpty()
                let connection = self
                park(Resumption { produce in
                    connection.continueLater { await connection.run(from: .deferred(produce, pending)) }
                })
                return false
            }
        }
        channel.close()
        return true
    }

    /// Works out a deferred answer and writes it; what comes next (another request, the end, or
    /// a park when the answer parked again).
    private func answer(_ produce: @escaping @Sendable () async -> Response, _ pending: Pending) async -> Step {
        // The request's task has ended; the wait holds only the closure and this frame, and the
        // read buffer goes too unless the client already sent more.
        channel.buffer.releaseIfEmpty()
        var response = await withTaskGroup(of: Response.self) { group in
            group.addTask { await produce() }
            return await group.next()!
        }
        if case .parked(let park) = response.body { return .parked(park, pending) }
        // What middleware set on the placeholder (a request id, say) stays unless the answer sets it.
        for field in pending.headers where !response.headers.contains(field.name) {
            response.headers.add(field.name, field.value)
        }
        let again = await finish(response, head: pending.head, keepAlive: pending.keepAlive && !core.isDraining,
                                 reader: pending.reader, started: pending.started)
        return again ? .again : .close
    }

    /// What comes after serving a request: another, the end, or a deferred or parked answer.
    enum Step: Sendable {
        case again, close
        case deferred(@Sendable () async -> Response, Pending)
        case parked(@Sendable (Resumption) -> Void, Pending)

        init(_ keepsOpen: Bool) { self = keepsOpen ? .again : .close }
    }

    /// What writing a deferred answer needs of its request.
    struct Pending: Sendable {
        let head: RequestHead
        let keepAlive: Bool
        let headers: Headers
        let reader: BodyReader?
        let started: ContinuousClock.Instant
    }

    /// Serves one request: answers it, or hands a deferred or parked answer back to `run`.
    private func serve(_ head: RequestHead) async -> Step {
        let started = ContinuousClock.now
        var request = Request(method: head.method, target: head.target, version: head.version,
                              headers: head.headers, remoteAddress: channel.peer)
        guard let match = core.router.match(head.method, path: request.path) else {
            return Step(await fail(.badRequest, "malformed request path", head: head))
        }
        let bodyLimit = match.bodyLimit ?? limits.maxBodyBytes
        let reader = head.framing == .none ? nil : BodyReader(channel: channel, framing: head.framing, limit: bodyLimit, expectsContinue: head.expectsContinue)
        if let declared = reader?.declaredLength, declared > bodyLimit {
            return Step(await fail(.contentTooLarge, "request body larger than \(bodyLimit) bytes", head: head))
        }
        request = request.with(body: RequestBody(reader: reader), match: match)

        var keepAlive = head.keepAlive
        let response: Response
        do {
            response = try await core.handler(request)
        } catch let error as HTTPError {
            response = core.configuration.errorResponse(error.status, error.message, head)
            if error.closesConnection { keepAlive = false }
        } catch {
            core.configuration.logger.error("unhandled error for \(head.method) \(request.path): \(error)")
            response = core.configuration.errorResponse(.internalServerError, "internal error", head)
        }
        if core.isDraining || response.headers.tokens("Connection").contains("close") { keepAlive = false }
        if let reader, !reader.isFinished, reader.isAwaitingContinue { keepAlive = false }
        let pending = Pending(head: head, keepAlive: keepAlive, headers: response.headers, reader: reader, started: started)
        switch response.body {
        case .deferred(let produce): return .deferred(produce, pending)
        case .parked(let park): return .parked(park, pending)
        default: break
        }
        return Step(await finish(response, head: head, keepAlive: keepAlive, reader: reader, started: started))
    }

    private func finish(_ response: Response, head: RequestHead, keepAlive: Bool, reader: BodyReader?, started: ContinuousClock.Instant) async -> Bool {
        let writer = ResponseWriter(channel: channel, configuration: core.configuration)
        do {
            let outcome = try await writer.write(response, for: head, keepAlive: keepAlive)
            core.log(head, status: response.status, bytes: outcome.bytes, since: started)
            guard outcome.keepAlive else { await lingeringClose(); return false }
            if let reader, !reader.isFinished {
                return await reader.drain(budget: core.configuration.drainBudget)
            }
            return true
        } catch {
            return false
        }
    }

    /// Reads until a complete request head is buffered; nil when the connection should close.
    private func readHead() async -> RequestHead? {
        var parser = HeadParser(limits: limits)
        var deadline: ContinuousClock.Instant?
        while true {
            do {
                if let (head, consumed) = try parse(&parser) {
                    channel.buffer.consume(consumed)
                    return head
                }
            } catch {
                _ = await fail(error.status, error.message, head: nil)
                return nil
            }
            let idle = !parser.hasStarted
            if idle { channel.buffer.releaseIfEmpty() } else if deadline == nil { deadline = .now + limits.headerTimeout }
            do {
                guard try await channel.fill(deadline: deadline ?? .now + limits.idleTimeout, idle: idle) else { return nil }
            } catch .timedOut {
                if !idle { _ = await fail(.requestTimeout, "request header not received in time", head: nil) }
                return nil
            } catch {
                return nil
            }
        }
    }

    private func parse(_ parser: inout HeadParser) throws(ParseError) -> (RequestHead, Int)? {
        var result: Result<(RequestHead, Int)?, ParseError> = .success(nil)
        channel.buffer.withReadable { bytes in
            do throws(ParseError) { result = .success(try parser.parse(bytes)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// Answers an error the server found itself and closes the connection.
    private func fail(_ status: Status, _ message: String, head: RequestHead?) async -> Bool {
        let response = core.configuration.errorResponse(status, message, head)
        let target = head ?? RequestHead(method: .get, target: "", version: .http1_1, headers: [:], framing: .none, expectsContinue: false, keepAlive: false)
        let writer = ResponseWriter(channel: channel, configuration: core.configuration)
        if let outcome = try? await writer.write(response, for: target, keepAlive: false) {
            core.log(target, status: status, bytes: outcome.bytes, since: .now)
        }
        await lingeringClose()
        return false
    }

    /// Stops sending, then reads and drops what the client still sends for a moment, so it sees
    /// the final answer instead of a reset (RFC 9112 §9.6).
    private func lingeringClose() async {
        channel.shutdownWrite()
        var discarded = 0
        let deadline = ContinuousClock.now + .seconds(1)
        while discarded < 1 << 20 {
            channel.buffer.consume(channel.buffer.count)
            guard (try? await channel.fill(deadline: deadline)) == true else { return }
            discarded += channel.buffer.count
        }
    }
}

extension Request {
    func with(body: RequestBody, match: Router.Match) -> Request {
        var copy = self
        copy.body = body
        copy.match = match
        if case .found(_, let parameters) = match { copy.parameters = parameters }
        return copy
    }
}

extension Router.Match {
    var bodyLimit: Int? {
        if case .found(let route, _) = self { return route.bodyLimit }
        return nil
    }
}
