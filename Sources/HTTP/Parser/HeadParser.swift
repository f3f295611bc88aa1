/// Incremental parser for a request line and header block (RFC 9112 §2–§5).
///
/// Fed the same growing buffer again and again, it examines each byte once, so a client sending
/// one byte per packet costs linear time. Limits are enforced while scanning, before the end of the
/// block is seen, so an oversized head is refused without buffering it.
public struct HeadParser: Sendable {
    private let limits: Limits
    private var position = 0
    private var lineStart = 0
    private var lines: [Range<Int>] = []
    private var leadingEmptyLines = 0

    public init(limits: Limits) {
        self.limits = limits
    }

    /// Whether any byte of a request has been seen (an idle connection vs a half-sent request).
    public var hasStarted: Bool { position > 0 }

    /// Scans `bytes` (the buffered input, starting at the request's first byte).
    /// Returns nil while the header block is incomplete, else the head and the bytes it used.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) throws(ParseError) -> (head: RequestHead, consumed: Int)? {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == .cr {
                guard position + 1 < bytes.count else { break }
                guard bytes[position + 1] == .lf else { throw .badRequest("bare CR in header section") }
            } else if byte == .lf {
                guard position > 0, bytes[position - 1] == .cr else { throw .badRequest("bare LF in header section") }
                if let done = try endLine(at: position) { return (try makeHead(bytes), done) }
            }
            position += 1
            try checkLimits()
        }
        return nil
    }

    /// Records the line ending at the LF at `index`; returns the consumed count when it was the blank line.
    private mutating func endLine(at index: Int) throws(ParseError) -> Int? {
        let line = lineStart..<(index - 1)
        lineStart = index + 1
        if line.isEmpty {
            if lines.isEmpty {
                // RFC 9112 §2.2: ignore empty lines before the request line (a few, not forever).
                leadingEmptyLines += 1
                guard leadingEmptyLines <= 4 else { throw .badRequest("too many empty lines before the request line") }
                return nil
            }
            return index + 1
        }
        lines.append(line)
        guard lines.count - 1 <= limits.maxHeaderCount else {
            throw .headersTooLarge("more than \(limits.maxHeaderCount) header fields")
        }
        return nil
    }

    private func checkLimits() throws(ParseError) {
        if lines.isEmpty, position - lineStart > limits.maxRequestLine { throw .uriTooLong }
        if position > limits.maxHeaderBytes { throw .headersTooLarge("header section larger than \(limits.maxHeaderBytes) bytes") }
    }

    private func makeHead(_ bytes: UnsafeRawBufferPointer) throws(ParseError) -> RequestHead {
        let (method, target, version) = try RequestLine.parse(bytes[lines[0]])
        var headers = Headers()
        for line in lines.dropFirst() {
            let (name, value) = try FieldLine.parse(bytes[line])
            headers.add(name, value)
        }
        return try HeadSemantics.validate(method: method, target: target, version: version, headers: headers)
    }
}

extension UInt8 {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let space: UInt8 = 32
    static let tab: UInt8 = 9
    static let colon: UInt8 = 58

    /// RFC 9110 §5.6.2 tchar.
    var isTokenChar: Bool {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(self)
        }
    }
}
