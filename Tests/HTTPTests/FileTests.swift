import Glibc
import Testing
@testable import HTTP

/// Static files: validators, conditional requests, ranges and compression.
struct FileTests {
    let root: String
    let content: [UInt8]

    init() throws {
        root = "/tmp/capstan-files-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        mkdir(root, 0o755)
        content = (0..<4000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        try write("data.bin", content)
        try write("site.css", Array(String(repeating: "body { color: #123456; }\n", count: 200).utf8))
        try write(".secret", Array("hidden".utf8))
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        let fd = open(root + "/" + name, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
    }

    func routes(_ router: inout Router) {
        let files = try! StaticFiles(root: root)
        router.get("/static/*path", use: files.handler())
    }

    func get(_ port: Int, _ path: String, _ headers: String = "") throws -> RawClient.Reply {
        let client = try RawClient(port: port)
        try client.send("GET \(path) HTTP/1.1\r\nHost: t\r\n\(headers)\r\n")
        return try client.readResponse()
    }

    @Test func servesFilesWithValidatorsAndAnswers304() async throws {
        try await withServer(routes: routes) { port in
            try await blocking { [self] in
                let full = try get(port, "/static/data.bin")
                #expect(full.status == 200)
                #expect(full.body == content)
                #expect(full.headers["Accept-Ranges"] == "bytes")
                let etag = try #require(full.headers["ETag"])
                let modified = try #require(full.headers["Last-Modified"])
                #expect(try get(port, "/static/data.bin", "If-None-Match: \(etag)\r\n").status == 304)
                #expect(try get(port, "/static/data.bin", "If-None-Match: \"other\", \(etag)\r\n").status == 304)
                #expect(try get(port, "/static/data.bin", "If-Modified-Since: \(modified)\r\n").status == 304)
                #expect(try get(port, "/static/data.bin", "If-None-Match: \"other\"\r\n").status == 200)
            }
        }
    }

    @Test func answersRanges() async throws {
        try await withServer(routes: routes) { port in
            try await blocking { [self] in
                let first = try get(port, "/static/data.bin", "Range: bytes=0-9\r\n")
                #expect(first.status == 206)
                #expect(first.headers["Content-Range"] == "bytes 0-9/4000")
                #expect(first.body == Array(content[0..<10]))
                let suffix = try get(port, "/static/data.bin", "Range: bytes=-100\r\n")
                #expect(suffix.status == 206)
                #expect(suffix.body == Array(content[3900...]))
                let open = try get(port, "/static/data.bin", "Range: bytes=3990-\r\n")
                #expect(open.body == Array(content[3990...]))
                let beyond = try get(port, "/static/data.bin", "Range: bytes=5000-6000\r\n")
                #expect(beyond.status == 416)
                #expect(beyond.headers["Content-Range"] == "bytes */4000")
                let stale = try get(port, "/static/data.bin", "Range: bytes=0-9\r\nIf-Range: \"stale\"\r\n")
                #expect(stale.status == 200)
                #expect(stale.body.count == 4000)
            }
        }
    }

    @Test func compressesTextForClientsThatAcceptGzip() async throws {
        try await withServer(routes: routes) { port in
            try await blocking { [self] in
                let plain = try get(port, "/static/site.css")
                let zipped = try get(port, "/static/site.css", "Accept-Encoding: br, gzip;q=0.8\r\n")
                #expect(zipped.headers["Content-Encoding"] == "gzip")
                #expect(zipped.headers["Vary"] == "Accept-Encoding")
                #expect(zipped.body.count < plain.body.count / 10)
                #expect(try Gzip.decompress(zipped.body) == plain.body)
                #expect(try get(port, "/static/site.css", "Accept-Encoding: gzip;q=0\r\n").headers["Content-Encoding"] == nil)
                #expect(try get(port, "/static/data.bin", "Accept-Encoding: gzip\r\n").headers["Content-Encoding"] == nil)
            }
        }
    }

    @Test(arguments: ["/static/.secret", "/static/missing.css", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/"])
    func refusesHiddenMissingAndEscapingPaths(_ path: String) async throws {
        try await withServer(routes: routes) { port in
            let status = try await blocking { [self] in try get(port, path).status }
            #expect(status == 404 || status == 400)
        }
    }

    @Test func gzipRoundTripsArbitraryBytes() throws {
        let input = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        #expect(try Gzip.decompress(try Gzip.compress(input)) == input)
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array(try Gzip.compress(input).prefix(100))) }
    }
}
