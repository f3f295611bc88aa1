/// Writes a streamed response body as it is produced; each write goes to the socket at once.
public struct BodyWriter: Sendable {
    let channel: Channel
    let chunked: Bool

    /// Sends `bytes` now (as one chunk on HTTP/1.1). Throws when the client has gone away.
    public func write(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        if chunked {
            try await channel.write(Array("\(String(bytes.count, radix: 16))\r\n".utf8), bytes + [.cr, .lf])
        } else {
            try await channel.write(bytes)
        }
    }

    public func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }

    func finish() async throws {
        if chunked { try await channel.write(Array("0\r\n\r\n".utf8)) }
    }
}

/// Writes server-sent events (WHATWG HTML §9.2): `event:`, `id:`, one `data:` line per line of data.
public struct EventStreamWriter: Sendable {
    let writer: BodyWriter

    public func send(event: String? = nil, id: String? = nil, data: String) async throws {
        var text = ""
        if let event { text += "event: \(Self.singleLine(event))\n" }
        if let id { text += "id: \(Self.singleLine(id))\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line.replacing("\r", with: ""))\n"
        }
        try await writer.write(text + "\n")
    }

    /// A comment line: keeps proxies from timing the stream out and finds clients that left.
    public func comment(_ text: String = "") async throws {
        try await writer.write(": \(Self.singleLine(text))\n\n")
    }

    /// Tells the browser how long to wait before reconnecting.
    public func retry(milliseconds: Int) async throws {
        try await writer.write("retry: \(milliseconds)\n\n")
    }

    private static func singleLine(_ text: String) -> String {
        String(text.filter { $0 != "\n" && $0 != "\r" })
    }
}
