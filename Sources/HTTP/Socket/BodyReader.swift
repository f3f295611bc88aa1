/// Reads one request's body off its channel: by length or chunked, within the route's limit and the
/// minimum upload rate, sending `100 Continue` the first time the handler asks for bytes.
///
/// `@unchecked Sendable` for the same reason as `Channel`: only the connection's own task uses it.
final class BodyReader: @unchecked Sendable {
    private let channel: Channel
    private let framing: BodyFraming
    private let limit: Int
    private var expectsContinue: Bool
    private var decoder: ChunkedDecoder
    private var remaining: Int
    private(set) var received = 0
    private(set) var isFinished: Bool
    private(set) var sentContinue = false
    private var startedAt: ContinuousClock.Instant?

    init(channel: Channel, framing: BodyFraming, limit: Int, expectsContinue: Bool) {
        self.channel = channel
        self.framing = framing
        self.limit = limit
        self.expectsContinue = expectsContinue
        self.decoder = ChunkedDecoder(maxLine: channel.limits.maxChunkLine)
        if case .length(let length) = framing { remaining = length } else { remaining = 0 }
        isFinished = framing == .none
    }

    var declaredLength: Int? {
        if case .length(let length) = framing { return length }
        return framing == .none ? 0 : nil
    }

    /// Whether the client was told to send a body it has not sent yet, or never told at all.
    var isAwaitingContinue: Bool { expectsContinue && !sentContinue }

    func collect(upTo limit: Int?) async throws -> [UInt8] {
        var body: [UInt8] = []
        while let chunk = try await next() {
            if let limit, body.count + chunk.count > limit { throw HTTPError(.contentTooLarge, "request body larger than \(limit) bytes", closesConnection: true) }
            body.append(contentsOf: chunk)
        }
        return body
    }

    /// The next run of body bytes, or nil at the end of the body.
    func next() async throws -> [UInt8]? {
        guard !isFinished else { return nil }
        if let declared = declaredLength, declared > limit {
            throw HTTPError(.contentTooLarge, "request body larger than \(limit) bytes", closesConnection: true)
        }
        if expectsContinue, !sentContinue {
            sentContinue = true
            try await channel.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        if startedAt == nil { startedAt = .now }
        while true {
            if let chunk = try takeBuffered() { return try account(chunk) }
            if isFinished { return nil }
            try await fill()
        }
    }

    /// Reads and discards the rest of the body so the connection can serve the next request.
    /// Returns false when that would mean reading more than `budget` bytes (the caller closes instead).
    func drain(budget: Int) async -> Bool {
        guard !isAwaitingContinue || isFinished else { return false }
        var skipped = 0
        do {
            while let chunk = try await next() {
                skipped += chunk.count
                if skipped > budget { return false }
            }
            return true
        } catch {
            return false
        }
    }

    private func takeBuffered() throws -> [UInt8]? {
        guard !channel.buffer.isEmpty else { return nil }
        switch framing {
        case .none:
            return nil
        case .length:
            let count = min(remaining, channel.buffer.count)
            let chunk = channel.buffer.copy(0..<count)
            channel.buffer.consume(count)
            remaining -= count
            if remaining == 0 { isFinished = true }
            return chunk
        case .chunked:
            let step: (consumed: Int, data: Range<Int>?)
            do {
                step = try channel.buffer.withReadable { bytes in try self.decoder.decode(bytes) }
            } catch let error as ParseError {
                throw HTTPError(error.status, error.message, closesConnection: true)
            }
            let (consumed, data) = step
            let chunk = data.map { channel.buffer.copy($0) }
            channel.buffer.consume(consumed)
            if decoder.isDone { isFinished = true }
            return chunk
        }
    }

    private func account(_ chunk: [UInt8]) throws -> [UInt8] {
        received += chunk.count
        if received > limit { throw HTTPError(.contentTooLarge, "request body larger than \(limit) bytes", closesConnection: true) }
        return chunk
    }

    private func fill() async throws {
        let limits = channel.limits
        let elapsed = ContinuousClock.now - (startedAt ?? .now)
        // A minimum average rate once the grace period has passed stops slow-drip uploads.
        if elapsed > limits.bodyRateGrace {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if Double(received) / seconds < Double(limits.minBodyBytesPerSecond) {
                throw HTTPError(.requestTimeout, "request body arriving too slowly", closesConnection: true)
            }
        }
        let more: Bool
        do {
            more = try await channel.fill(deadline: .now + limits.bodyRateGrace)
        } catch .timedOut {
            throw HTTPError(.requestTimeout, "request body not received in time", closesConnection: true)
        } catch {
            throw HTTPError(.badRequest, "connection lost while reading the body", closesConnection: true)
        }
        guard more else { throw HTTPError(.badRequest, "connection closed before the body ended", closesConnection: true) }
    }
}
