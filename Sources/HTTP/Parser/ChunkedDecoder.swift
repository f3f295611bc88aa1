/// Incremental decoder for the chunked transfer coding (RFC 9112 §7.1).
///
/// It never copies: each call consumes framing bytes and hands back the range of the next run of
/// data inside the input, which the caller copies out before advancing.
public struct ChunkedDecoder: Sendable {
    private enum State: Sendable {
        case size, sizeExtension, sizeLF
        case data(remaining: Int)
        case dataCR, dataLF
        case trailerStart, trailerLine, trailerLF, endLF
        case done
    }

    private var state = State.size
    private var size = 0
    private var digits = 0
    private var lineBytes = 0
    private var trailerBytes = 0
    private let maxLine: Int

    public init(maxLine: Int) {
        self.maxLine = maxLine
    }

    public var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    /// Consumes framing from `input` until data is found, the input runs out, or the body ends.
    /// Returns how many bytes were consumed and, if found, the range of data bytes among them.
    public mutating func decode(_ input: UnsafeRawBufferPointer) throws(ParseError) -> (consumed: Int, data: Range<Int>?) {
        var index = 0
        while index < input.count {
            if case .data(let remaining) = state {
                let count = min(remaining, input.count - index)
                state = remaining == count ? .dataCR : .data(remaining: remaining - count)
                return (index + count, index..<(index + count))
            }
            if case .done = state { break }
            try step(input[index])
            index += 1
        }
        return (index, nil)
    }

    private mutating func step(_ byte: UInt8) throws(ParseError) {
        switch state {
        case .size:
            try countLine()
            if let value = hexValue(byte) {
                guard digits < 15 else { throw .badRequest("chunk size too large") }
                size = size * 16 + value
                digits += 1
            } else {
                guard digits > 0 else { throw .badRequest("malformed chunk size") }
                try afterSize(byte)
            }
        case .sizeExtension:
            try countLine()
            if byte == .cr { state = .sizeLF } else if byte == .lf || (byte < 0x20 && byte != .tab) || byte == 0x7F {
                throw .badRequest("malformed chunk extension")
            }
        case .sizeLF:
            guard byte == .lf else { throw .badRequest("bare CR in chunk size line") }
            startChunk()
        case .dataCR:
            guard byte == .cr else { throw .badRequest("chunk data not followed by CRLF") }
            state = .dataLF
        case .dataLF:
            guard byte == .lf else { throw .badRequest("chunk data not followed by CRLF") }
            state = .size
        case .trailerStart:
            if byte == .cr { state = .endLF } else { state = .trailerLine; try trailer(byte) }
        case .trailerLine:
            try trailer(byte)
        case .trailerLF:
            guard byte == .lf else { throw .badRequest("bare CR in trailer section") }
            state = .trailerStart
        case .endLF:
            guard byte == .lf else { throw .badRequest("bare CR after last chunk") }
            state = .done
        case .data, .done:
            preconditionFailure("handled by decode")
        }
    }

    private mutating func afterSize(_ byte: UInt8) throws(ParseError) {
        switch byte {
        case .cr: state = .sizeLF
        case UInt8(ascii: ";"), .space, .tab: state = .sizeExtension
        default: throw .badRequest("malformed chunk size")
        }
    }

    private mutating func startChunk() {
        state = size == 0 ? .trailerStart : .data(remaining: size)
        size = 0
        digits = 0
        lineBytes = 0
    }

    private mutating func countLine() throws(ParseError) {
        lineBytes += 1
        guard lineBytes <= maxLine else { throw .badRequest("chunk size line too long") }
    }

    private mutating func trailer(_ byte: UInt8) throws(ParseError) {
        trailerBytes += 1
        guard trailerBytes <= maxLine else { throw .headersTooLarge("trailer section too large") }
        if byte == .cr { state = .trailerLF } else if byte == .lf { throw .badRequest("bare LF in trailer section") }
    }

    private func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - 48)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - 87)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - 55)
        default: nil
        }
    }
}
