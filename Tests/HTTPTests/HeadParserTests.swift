import Testing
@testable import HTTP

/// Bytes in, values out: the request head parser, including hostile input.
struct HeadParserTests {
    func parse(_ text: String, limits: Limits = Limits()) throws -> RequestHead? {
        var parser = HeadParser(limits: limits)
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { raw in try parser.parse(raw)?.head }
    }

    /// Feeds `text` one byte more per call, as a client sending one byte per packet would.
    func parseByteByByte(_ text: String) throws -> (RequestHead, Int)? {
        var parser = HeadParser(limits: Limits())
        let bytes = Array(text.utf8)
        for end in 1...bytes.count {
            let prefix = Array(bytes[0..<end])
            if let result = try prefix.withUnsafeBytes({ raw in try parser.parse(raw) }) {
                return result
            }
        }
        return nil
    }

    func error(_ text: String, limits: Limits = Limits()) -> ParseError? {
        do {
            _ = try parse(text, limits: limits)
            return nil
        } catch {
            return error as? ParseError
        }
    }

    @Test func parsesAGetRequest() throws {
        let head = try #require(try parse("GET /api/v1/ping?x=1 HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n"))
        #expect(head.method == .get)
        #expect(head.target == "/api/v1/ping?x=1")
        #expect(head.version == .http1_1)
        #expect(head.headers["host"] == "example")
        #expect(head.headers.count == 2)
        #expect(head.framing == .none)
        #expect(head.keepAlive)
    }

    @Test func waitsForTheEndOfTheHeaderBlock() throws {
        #expect(try parse("GET / HTTP/1.1\r\nHost: a\r\n") == nil)
        #expect(try parse("GET / HTTP/1.1\r\nHost: a\r\n\r") == nil)
    }

    @Test func trimsOptionalWhitespaceAroundValues() throws {
        let head = try #require(try parse("GET / HTTP/1.1\r\nHost:   a \t\r\nX-Empty:\r\n\r\n"))
        #expect(head.headers["Host"] == "a")
        #expect(head.headers["x-empty"] == "")
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n",
        "PUT /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET / HTTP/1.0\r\n\r\n",
        "\r\nGET /after-empty-line HTTP/1.1\r\nHost: a\r\n\r\n",
        "DELETE /a/b/c HTTP/1.1\r\nHost: a\r\nConnection: close\r\nX-Long: \(String(repeating: "v", count: 3000))\r\n\r\n",
    ])
    func parsesEveryValidRequestFedOneBytePerRead(_ text: String) throws {
        let whole = try #require(try parse(text))
        let (head, consumed) = try #require(try parseByteByByte(text))
        #expect(consumed == text.utf8.count)
        #expect(head.method == whole.method)
        #expect(head.target == whole.target)
        #expect(head.headers.fields == whole.headers.fields)
        #expect(head.framing == whole.framing)
    }

    @Test func framing() throws {
        #expect(try parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 42\r\n\r\n")?.framing == .length(42))
        #expect(try parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 7, 7\r\nContent-Length: 7\r\n\r\n")?.framing == .length(7))
        #expect(try parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")?.framing == .chunked)
        #expect(try parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")?.framing == ParseFraming.none)
    }

    @Test func persistence() throws {
        #expect(try parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")?.keepAlive == false)
        #expect(try parse("GET / HTTP/1.0\r\n\r\n")?.keepAlive == false)
        #expect(try parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")?.keepAlive == true)
        #expect(try parse("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n")?.expectsContinue == true)
        #expect(try parse("GET / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n")?.expectsContinue == false)
    }

    @Test(arguments: [
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", "both Content-Length and Transfer-Encoding"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "conflicting Content-Length values"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n", "conflicting Content-Length values"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\n", "malformed Content-Length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", "malformed Content-Length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", "malformed Content-Length"),
        ("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", "bare CR in header section"),
        ("GET / HTTP/1.1\nHost: a\n\n", "bare LF in header section"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n  two\r\n\r\n", "obsolete line folding is not accepted"),
        ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", "whitespace between header field name and colon"),
        ("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", "missing Host header"),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "duplicate Host header"),
        ("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", "duplicate Host header"),
        ("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", "malformed request line"),
        ("GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n", "malformed request line"),
        ("GET / HTTP/1.x\r\nHost: a\r\n\r\n", "malformed HTTP version"),
        ("GET /\u{7F} HTTP/1.1\r\nHost: a\r\n\r\n", "malformed request target"),
        ("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", "malformed method"),
        ("GET / HTTP/1.1\r\nHost: a\r\nBad\u{1}Name: x\r\n\r\n", "malformed header field name"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\u{0}b\r\n\r\n", "control character in header field X"),
        ("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", "header field without a colon"),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", "Transfer-Encoding in an HTTP/1.0 request"),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", "malformed Transfer-Encoding"),
    ])
    func rejectsWith400(_ text: String, _ message: String) {
        let failure = error(text)
        #expect(failure == .badRequest(message))
        #expect(failure?.status == .badRequest)
    }

    @Test func rejectsUnknownTransferCodingWith501() {
        let failure = error("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
        #expect(failure == .notImplemented("unsupported transfer coding gzip"))
        #expect(failure?.status == .notImplemented)
    }

    @Test(arguments: ["PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "GET / HTTP/3.0\r\nHost: a\r\n\r\n", "GET / HTTP/0.9\r\n\r\n"])
    func rejectsOtherVersionsWith505(_ text: String) {
        #expect(error(text) == .versionNotSupported)
        #expect(error(text)?.status == .versionNotSupported)
    }

    @Test func rejectsUnknownExpectationsWith417() {
        #expect(error("GET / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\n\r\n") == .expectationFailed)
    }

    @Test func refusesALongRequestLineBeforeItEnds() {
        let line = "GET /" + String(repeating: "a", count: 8 * 1024)
        #expect(error(line) == .uriTooLong)
        #expect(error(line)?.status == .uriTooLong)
        var limits = Limits()
        limits.maxRequestLine = 100
        #expect(error("GET /\(String(repeating: "a", count: 99)) HTTP/1.1\r\n", limits: limits) == .uriTooLong)
    }

    @Test func refusesALargeHeaderBlockBeforeItEnds() {
        let header = "GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X-Filler: \(String(repeating: "x", count: 1000))\r\n", count: 66)
        #expect(error(header)?.status == .headerFieldsTooLarge)
    }

    @Test func refusesTooManyHeaderFields() {
        let many = "GET / HTTP/1.1\r\nHost: a\r\n" + (0..<100).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        #expect(error(many) == .headersTooLarge("more than 100 header fields"))
        let enough = "GET / HTTP/1.1\r\nHost: a\r\n" + (0..<99).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        #expect(error(enough) == nil)
    }

    @Test func refusesEndlessEmptyLines() {
        #expect(error(String(repeating: "\r\n", count: 10))?.status == .badRequest)
    }
}

typealias ParseFraming = BodyFraming
