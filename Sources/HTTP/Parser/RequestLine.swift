/// The request line: `method SP request-target SP HTTP-version` (RFC 9112 §3).
enum RequestLine {
    static func parse(_ line: Slice<UnsafeRawBufferPointer>) throws(ParseError) -> (Method, String, Version) {
        let parts = line.split(separator: .space, maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .badRequest("malformed request line") }
        let (method, target, version) = (parts[0], parts[1], parts[2])
        guard !method.isEmpty, method.allSatisfy(\.isTokenChar) else { throw .badRequest("malformed method") }
        guard !target.isEmpty, target.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw .badRequest("malformed request target")
        }
        return (Method(method.text), target.text, try parseVersion(version))
    }

    private static func parseVersion(_ bytes: Slice<UnsafeRawBufferPointer>) throws(ParseError) -> Version {
        let text = Array(bytes)
        guard text.count == 8, text.starts(with: "HTTP/".utf8),
              isDigit(text[5]), text[6] == UInt8(ascii: "."), isDigit(text[7])
        else { throw .badRequest("malformed HTTP version") }
        switch (text[5], text[7]) {
        case (UInt8(ascii: "1"), UInt8(ascii: "1")): return .http1_1
        case (UInt8(ascii: "1"), UInt8(ascii: "0")): return .http1_0
        default: throw .versionNotSupported  // HTTP/2's "PRI * HTTP/2.0" preface lands here too
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}

/// One header field line: `field-name ":" OWS field-value OWS` (RFC 9112 §5).
enum FieldLine {
    static func parse(_ line: Slice<UnsafeRawBufferPointer>) throws(ParseError) -> (String, String) {
        guard let first = line.first, first != .space, first != .tab else {
            throw .badRequest("obsolete line folding is not accepted")  // RFC 9112 §5.2
        }
        guard let colon = line.firstIndex(of: .colon) else { throw .badRequest("header field without a colon") }
        let name = line[line.startIndex..<colon]
        if let last = name.last, last == .space || last == .tab {
            throw .badRequest("whitespace between header field name and colon")  // RFC 9112 §5.1
        }
        guard !name.isEmpty, name.allSatisfy(\.isTokenChar) else { throw .badRequest("malformed header field name") }
        var value = line[(colon + 1)...]
        while let b = value.first, b == .space || b == .tab { value.removeFirst() }
        while let b = value.last, b == .space || b == .tab { value.removeLast() }
        guard value.allSatisfy({ $0 == .tab || ($0 >= 0x20 && $0 != 0x7F) }) else {
            throw .badRequest("control character in header field \(String(decoding: name, as: UTF8.self))")
        }
        return (name.text, value.text)
    }
}

extension Slice<UnsafeRawBufferPointer> {
    /// The bytes as a String through the standard library's fast UTF-8 path (a raw slice takes a
    /// generic, much slower one).
    var text: String {
        UnsafeRawBufferPointer(rebasing: self).withMemoryRebound(to: UInt8.self) { String(decoding: $0, as: UTF8.self) }
    }
}
