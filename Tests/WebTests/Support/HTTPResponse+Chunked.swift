extension HTTPResponse {
    /// The body with its chunked transfer coding removed (RFC 9112 §7.1); nil when it is not a
    /// complete chunked body, so a stream cut short fails the test.
    var dechunked: [UInt8]? {
        var output: [UInt8] = []
        var rest = body[...]
        while true {
            guard let lineEnd = rest.firstRange(of: [13, 10]),
                  let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16) else { return nil }
            rest = rest[lineEnd.upperBound...]
            if size == 0 { return rest.elementsEqual([13, 10]) ? output : nil }
            guard rest.count >= size + 2 else { return nil }
            output += rest.prefix(size)
            rest = rest.dropFirst(size + 2)
        }
    }

    /// The dechunked body as text.
    var streamedText: String? { dechunked.map { String(decoding: $0, as: UTF8.self) } }
}
