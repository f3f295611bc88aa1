/// A response read by `HTTPConnection`: status, headers (names lowercased) and body bytes.
struct HTTPResponse: Sendable {
    struct Head: Sendable {
        let status: Int
        let headers: [String: String]

        var contentLength: Int? { headers["content-length"].flatMap { Int($0) } }

        init(parsing bytes: ArraySlice<UInt8>) throws {
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n")
            let statusLine = lines.first?.split(separator: " ") ?? []
            guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1])
            else { throw BenchError("not an HTTP/1.x status line: \(lines.first ?? "")") }
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let value = line[line.index(after: colon)...].trimmingPrefix(while: { $0 == " " || $0 == "\t" })
                headers[line[..<colon].lowercased()] = String(value)
            }
            if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
                throw BenchError("chunked responses are not supported by the bench's client")
            }
            self.status = status
            self.headers = headers
        }
    }

    let head: Head
    let body: [UInt8]

    var status: Int { head.status }
    var contentType: String? { head.headers["content-type"] }

    /// The index just past the blank line that ends the head, if it has arrived.
    static func endOfHead(in buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 3..<buffer.count
        where buffer[i - 3] == 13 && buffer[i - 2] == 10 && buffer[i - 1] == 13 && buffer[i] == 10 {
            return i + 1
        }
        return nil
    }
}
