import Glibc

/// The kernel's time of receipt for what a socket read returns (`SO_TIMESTAMPING`, software receive
/// stamps), so a simulated agent's receipt is timed when the answer reached its socket, not when the
/// simulator's one thread, serving every agent on cores it shares with the server, got round to
/// reading it. Real agents each have a machine of their own.
///
/// For TCP the stamp is that of the last segment a read consumed: for an answer read in one or more
/// reads, the last read's stamp is when the whole answer had arrived.
enum ReceiveTimestamps {
    // <asm-generic/socket.h> on 64-bit Linux (SO_TIMESTAMPING_OLD = SCM_TIMESTAMPING) and
    // <linux/net_tstamp.h>; Glibc's module does not export them.
    private static let timestamping: Int32 = 37
    private static let rxSoftware: UInt32 = 1 << 3
    private static let software: UInt32 = 1 << 4

    /// Asks the kernel to stamp what `fd` receives; false when it refuses (the caller's clock is used).
    @discardableResult
    static func enable(_ fd: Int32) -> Bool {
        var flags = rxSoftware | software
        return setsockopt(fd, SOL_SOCKET, timestamping, &flags, socklen_t(MemoryLayout<UInt32>.size)) == 0
    }

    /// `recv` into `buffer`, with the receipt time on CLOCK_MONOTONIC when the kernel stamped it.
    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> (count: Int, at: Int64?) {
        // cmsghdr (16 bytes on 64-bit) and struct scm_timestamping (three timespecs, 48 bytes).
        var control = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var vector = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
        return withUnsafeMutableBytes(of: &control) { controlBytes in
            withUnsafeMutablePointer(to: &vector) { vectorPointer in
                var message = msghdr()
                message.msg_iov = vectorPointer
                message.msg_iovlen = 1
                message.msg_control = controlBytes.baseAddress
                message.msg_controllen = controlBytes.count
                let count = recvmsg(fd, &message, 0)
                guard count > 0, message.msg_controllen >= 64 else { return (count, nil) }
                let length = controlBytes.load(fromByteOffset: 0, as: Int.self)
                let level = controlBytes.load(fromByteOffset: 8, as: Int32.self)
                let type = controlBytes.load(fromByteOffset: 12, as: Int32.self)
                guard length >= 64, level == SOL_SOCKET, type == timestamping else { return (count, nil) }
                let seconds = controlBytes.load(fromByteOffset: 16, as: Int64.self)
                let nanoseconds = controlBytes.load(fromByteOffset: 24, as: Int64.self)
                guard seconds > 0 else { return (count, nil) }
                return (count, monotonic(fromRealtime: seconds * 1_000_000_000 + nanoseconds))
            }
        }
    }

    /// A CLOCK_REALTIME instant on CLOCK_MONOTONIC, through the two clocks' offset now.
    private static func monotonic(fromRealtime realtime: Int64) -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let realtimeNow = Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
        return realtime - (realtimeNow - MonotonicClock.now())
    }
}
