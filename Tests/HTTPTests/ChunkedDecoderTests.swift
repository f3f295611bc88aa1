import Testing
@testable import HTTP

struct ChunkedDecoderTests {
    /// Decodes `input` handed over in pieces of `step` bytes; returns the body and whether it ended.
    func decode(_ input: String, step: Int = .max) throws -> (body: String, done: Bool, rest: Int) {
        var decoder = ChunkedDecoder(maxLine: 64)
        var pending: [UInt8] = []
        var body: [UInt8] = []
        var remaining = Array(input.utf8)[...]
        while !decoder.isDone, !remaining.isEmpty || !pending.isEmpty {
            let take = remaining.prefix(step)
            pending += take
            remaining = remaining.dropFirst(take.count)
            let (consumed, data) = try pending.withUnsafeBytes { raw in try decoder.decode(raw) }
            if let data { body += pending[data] }
            pending.removeFirst(consumed)
            if consumed == 0, take.isEmpty { break }
        }
        return (String(decoding: body, as: UTF8.self), decoder.isDone, pending.count + remaining.count)
    }

    @Test(arguments: [1, 2, 3, 7, Int.max])
    func decodesInAnyPieces(_ step: Int) throws {
        let result = try decode("5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\nNEXT", step: step)
        #expect(result.body == "hello, world")
        #expect(result.done)
        #expect(result.rest == 4)
    }

    @Test func hexSizes() throws {
        #expect(try decode("A\r\n0123456789\r\n0\r\n\r\n").body == "0123456789")
        #expect(try decode("a\r\n0123456789\r\n0\r\n\r\n").body == "0123456789")
    }

    @Test(arguments: [
        "g\r\nx\r\n0\r\n\r\n",            // not hex
        "\r\n",                          // no size at all
        "5\r\nhelloX\r\n0\r\n\r\n",       // data longer than its size
        "5\nhello\r\n0\r\n\r\n",          // bare LF after size
        "5\rhello\r\n0\r\n\r\n",          // bare CR after size
        "ffffffffffffffffff\r\n",        // overflow
        "0\r\nX: y\n\r\n",               // bare LF in a trailer
    ])
    func rejectsMalformedFraming(_ input: String) {
        #expect(throws: ParseError.self) { try decode(input) }
    }

    @Test func rejectsLongSizeLines() {
        #expect(throws: ParseError.badRequest("chunk size line too long")) {
            try decode("5;" + String(repeating: "e", count: 100) + "\r\nhello\r\n0\r\n\r\n")
        }
    }
}
