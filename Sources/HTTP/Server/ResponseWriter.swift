import Glibc

/// Serialises a response onto a channel: head and small bodies in one writev, files with sendfile,
/// streams chunked, and gzip for text the client accepts.
struct ResponseWriter {
    let channel: Channel
    let configuration: ServerConfiguration

    struct Outcome {
        var bytes = 0
        var keepAlive: Bool
    }

    /// Writes `response` to the request described by `head`; returns the bytes sent and whether the
    /// connection may stay open.
    func write(_ response: Response, for head: RequestHead, keepAlive: Bool) async throws(ChannelError) -> Outcome {
        var response = response
        var outcome = Outcome(keepAlive: keepAlive)
        let isHead = head.method == .head
        for name in ["Content-Length", "Transfer-Encoding", "Connection", "Date"] { response.headers.remove(name) }
        compressIfAccepted(&response, head: head)

        switch response.body {
        case .empty:
            if response.status.allowsBody { response.headers.add("Content-Length", "0") }
            let bytes = serializeHead(response, version: head.version, keepAlive: outcome.keepAlive)
            try await channel.write(bytes)
            outcome.bytes = bytes.count
        case .bytes(let body):
            if response.status.allowsBody { response.headers.add("Content-Length", String(body.count)) }
            let bytes = serializeHead(response, version: head.version, keepAlive: outcome.keepAlive)
            let sendBody = !isHead && response.status.allowsBody
            try await channel.write(bytes, sendBody ? body : [])
            outcome.bytes = bytes.count + (sendBody ? body.count : 0)
        case .file(let region):
            outcome.bytes = try await writeFile(region, response: response, head: head, keepAlive: outcome.keepAlive)
        case .deferred(let produce):
            // The connection resolves a deferred response before writing; one that produced another lands here.
            return try await write(await produce(), for: head, keepAlive: keepAlive)
        case .parked:
            // Only a handler's answer may park (the connection resolves it); inside another answer it cannot.
            return try await write(Response(status: .internalServerError), for: head, keepAlive: false)
        case .stream(let produce):
            let chunked = head.version == .http1_1
            if !chunked { outcome.keepAlive = false }
            if chunked, !isHead { response.headers.add("Transfer-Encoding", "chunked") }
            let bytes = serializeHead(response, version: head.version, keepAlive: outcome.keepAlive)
            try await channel.write(bytes)
            outcome.bytes = bytes.count
            guard !isHead else { break }
            let writer = BodyWriter(channel: channel, chunked: chunked)
            do {
                try await produce(writer)
                try await writer.finish()
            } catch let error as ChannelError {
                throw error
            } catch {
                // The head is gone; the only honest signal left is to end the stream abruptly.
                outcome.keepAlive = false
                configuration.logger.error("streamed response failed: \(error)")
                throw .closedByPeer
            }
        }
        return outcome
    }

    private func writeFile(_ region: FileRegion, response: Response, head: RequestHead, keepAlive: Bool) async throws(ChannelError) -> Int {
        var response = response
        let file = open(region.path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else {
            let failure = configuration.errorResponse(.notFound, "file not found", head)
            return try await write(failure, for: head, keepAlive: keepAlive).bytes
        }
        defer { close(file) }
        response.headers.add("Content-Length", String(region.length))
        let bytes = serializeHead(response, version: head.version, keepAlive: keepAlive)
        try await channel.write(bytes)
        guard head.method != .head, response.status.allowsBody else { return bytes.count }
        try await channel.sendFile(file, offset: region.offset, length: region.length)
        return bytes.count + Int(region.length)
    }

    func serializeHead(_ response: Response, version: Version, keepAlive: Bool) -> [UInt8] {
        var text = "\(version.text) \(response.status.code) \(response.status.reason)\r\nDate: \(HTTPDate.now())\r\n"
        for field in response.headers {
            text += "\(field.name): \(field.value)\r\n"
        }
        if !keepAlive {
            text += "Connection: close\r\n"
        } else if version == .http1_0 {
            text += "Connection: keep-alive\r\n"
        }
        text += "\r\n"
        return Array(text.utf8)
    }

    private func compressIfAccepted(_ response: inout Response, head: RequestHead) {
        guard case .bytes(let body) = response.body, response.status.code == 200,
              body.count >= configuration.compressionMinimumSize,
              !response.headers.contains("Content-Encoding"),
              let type = response.headers["Content-Type"], Compressibility.isText(type) else { return }
        if !response.headers.contains("Vary") { response.headers.add("Vary", "Accept-Encoding") }
        guard Compressibility.acceptsGzip(head.headers["Accept-Encoding"]),
              let compressed = try? Gzip.compress(body) else { return }
        response.body = .bytes(compressed)
        response.headers.add("Content-Encoding", "gzip")
        // The compressed representation has other bytes, so a strong validator must not carry over.
        if let etag = response.headers["ETag"], !etag.hasPrefix("W/") { response.headers["ETag"] = "W/" + etag }
    }
}

/// Which responses are worth compressing, and whether the client takes gzip.
enum Compressibility {
    static func isText(_ contentType: String) -> Bool {
        let type = contentType.lowercased()
        return type.hasPrefix("text/") && !type.hasPrefix("text/event-stream")
            || ["application/json", "application/javascript", "application/xml", "image/svg+xml", "application/problem+json"]
                .contains { type.hasPrefix($0) }
    }

    /// RFC 9110 §12.5.3: `gzip` or `*` with a non-zero quality.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingOWS().lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" || coding == "*" else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
        return false
    }
}
