import CZlib

/// gzip (RFC 1952) through the system zlib, for response bodies and for reading gzip archives.
public enum Gzip {
    public struct Failure: Error, CustomStringConvertible {
        public let code: Int32
        public let message: String
        public var description: String { "zlib error \(code): \(message)" }
    }

    /// Compresses `input` into a complete gzip member.
    public static func compress(_ input: [UInt8], level: Int32 = 6) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16 asks zlib for a gzip header and trailer instead of a zlib one.
        var rc = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw Failure(code: rc, message: "deflateInit2 failed") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 32)
        rc = input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard rc == Z_STREAM_END else { throw Failure(code: rc, message: "deflate did not finish") }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Decompresses a gzip stream, refusing output larger than `limit`.
    public static func decompress(_ input: [UInt8], limit: Int = 64 << 20) throws(Failure) -> [UInt8] {
        let inflater = try Inflater()
        var output: [UInt8] = []
        let finished = try inflater.feed(input) { chunk throws(Failure) in
            output.append(contentsOf: chunk)
            if output.count > limit { throw Failure(code: Z_BUF_ERROR, message: "output larger than \(limit) bytes") }
        }
        guard finished else { throw Failure(code: Z_DATA_ERROR, message: "truncated gzip stream") }
        return output
    }
}

/// Streaming gzip decompression: feed compressed bytes in pieces, receive output in pieces.
public final class Inflater {
    private var stream = z_stream()
    private var isDone = false

    public init() throws(Gzip.Failure) {
        let rc = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw Gzip.Failure(code: rc, message: "inflateInit2 failed") }
    }

    deinit { inflateEnd(&stream) }

    /// Inflates `input`, calling `output` with each piece; returns true once the gzip member has ended.
    public func feed(_ input: [UInt8], output: (ArraySlice<UInt8>) throws(Gzip.Failure) -> Void) throws(Gzip.Failure) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var offset = 0
        while offset < input.count, !isDone {
            let (consumed, produced, rc) = step(input, from: offset, into: &buffer)
            offset += consumed
            if produced > 0 { try output(buffer[0..<produced]) }
            if rc == Z_STREAM_END { isDone = true; break }
            guard rc == Z_OK || rc == Z_BUF_ERROR else {
                throw Gzip.Failure(code: rc, message: stream.msg.map { String(cString: $0) } ?? "invalid gzip data")
            }
            if consumed == 0, produced == 0 { break }
        }
        return isDone
    }

    private func step(_ input: [UInt8], from offset: Int, into buffer: inout [UInt8]) -> (Int, Int, Int32) {
        input.withUnsafeBytes { source in
            buffer.withUnsafeMutableBytes { target in
                let available = source.count - offset
                stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress! + offset)
                stream.avail_in = uInt(available)
                stream.next_out = target.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(target.count)
                let rc = inflate(&stream, Z_NO_FLUSH)
                return (available - Int(stream.avail_in), target.count - Int(stream.avail_out), rc)
            }
        }
    }
}
