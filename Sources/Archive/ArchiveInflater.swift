import CZlib

/// Streaming gzip inflation for `ArchiveInspector`, with one reused output buffer.
///
/// Concatenated gzip members (RFC 1952 §2.2, what `pigz` or `cat a.gz b.gz` produce) are accepted and
/// inflated as one stream, as `gzip -d` and `tar -xz` do. Anything after a member that is not another
/// gzip member — including zero padding — is refused as corrupt gzip.
final class ArchiveInflater {
    static let bufferSize = 64 * 1024

    private let stream: UnsafeMutablePointer<z_stream>
    private var buffer = [UInt8](repeating: 0, count: ArchiveInflater.bufferSize)
    private var isMemberEnded = false
    private var hasInput = false

    init() throws(ArchiveError) {
        // zlib keeps a pointer back to the z_stream, so it lives at one address for its whole life.
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16: a gzip header and trailer (CRC-32 and length are checked by zlib).
        let rc = inflateInit2_(stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            stream.deallocate()
            throw .corruptGzip("inflateInit2 failed (\(rc))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// True when the input so far ends exactly at the end of a gzip member.
    var isComplete: Bool { hasInput && isMemberEnded }

    /// Inflates `chunk`, handing each piece of output to `output` before the next is made.
    func feed(_ chunk: [UInt8], output: (ArraySlice<UInt8>) throws(ArchiveError) -> Void) throws(ArchiveError) {
        guard !chunk.isEmpty else { return }
        hasInput = true
        var offset = 0
        while true {
            if isMemberEnded {
                guard offset < chunk.count else { return }
                inflateReset(stream)
                isMemberEnded = false
            }
            let (consumed, produced, rc) = step(chunk, from: offset)
            offset += consumed
            if produced > 0 { try output(buffer[0..<produced]) }
            switch rc {
            case Z_STREAM_END:
                isMemberEnded = true
            case Z_OK, Z_BUF_ERROR:
                // Done with this chunk once all input is taken and zlib had room to spare for output.
                if offset == chunk.count, produced < buffer.count { return }
                if consumed == 0, produced == 0 { return }
            default:
                throw .corruptGzip(stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)")
            }
        }
    }

    private func step(_ input: [UInt8], from offset: Int) -> (consumed: Int, produced: Int, rc: Int32) {
        input.withUnsafeBytes { source in
            buffer.withUnsafeMutableBytes { target in
                let available = source.count - offset
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress! + offset)
                stream.pointee.avail_in = uInt(available)
                stream.pointee.next_out = target.bindMemory(to: Bytef.self).baseAddress
                stream.pointee.avail_out = uInt(target.count)
                let rc = inflate(stream, Z_NO_FLUSH)
                return (available - Int(stream.pointee.avail_in), target.count - Int(stream.pointee.avail_out), rc)
            }
        }
    }
}
