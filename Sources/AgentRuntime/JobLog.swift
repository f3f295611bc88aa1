import Core
import Glibc
import Synchronization

/// One job's output on disk (`<state>/jobs/<id>.log`), always valid UTF-8 and never more than `cap`
/// bytes: once the cap is reached one line says so and the rest is dropped.
///
/// Output arrives in arbitrary chunks, so a UTF-8 sequence split across two is held back until its
/// end arrives; invalid bytes become U+FFFD. Byte offsets are what `JobEvents.logOffset` counts.
final class JobLog: Sendable {
    let path: String
    let cap: Int64
    private let state: Mutex<State>

    private struct State {
        var fd: Int32
        var size: Int64
        var isCapped: Bool
        var pending: [UInt8] = []
    }

    init(path: String, cap: Int64 = defaultJobLogCap) throws(AgentError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .state("cannot open \(path): \(errnoText())") }
        var info = stat()
        let size = fstat(fd, &info) == 0 ? Int64(info.st_size) : 0
        self.path = path
        self.cap = cap
        state = Mutex(State(fd: fd, size: size, isCapped: size >= cap - Int64(JobLog.cappedLine(cap).utf8.count)))
    }

    deinit {
        _ = state.withLock { close($0.fd) }
    }

    static func cappedLine(_ cap: Int64) -> String {
        let size = cap % (1 << 20) == 0 ? "\(cap >> 20) MiB" : cap % 1024 == 0 ? "\(cap >> 10) KiB" : "\(cap) bytes"
        return "[capstan-agent: output capped at \(size); further output dropped]\n"
    }

    /// Bytes written so far.
    var size: Int64 { state.withLock { $0.size } }

    /// Appends output; holds back an incomplete UTF-8 sequence at the end until `flush`.
    func append(_ bytes: some Collection<UInt8>) {
        state.withLock { state in
            guard !state.isCapped else { return }
            state.pending.append(contentsOf: bytes)
            let complete = JobLog.completePrefixLength(state.pending)
            let text = Array(String(decoding: state.pending[..<complete], as: UTF8.self).utf8)
            state.pending.removeFirst(complete)
            write(text, into: &state)
        }
    }

    /// Appends a line of the agent's own (a step header, a health-check try).
    func line(_ text: String) {
        flush()
        append(Array((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Writes out a held-back partial sequence (as U+FFFD).
    func flush() {
        state.withLock { state in
            guard !state.pending.isEmpty else { return }
            let text = Array(String(decoding: state.pending, as: UTF8.self).utf8)
            state.pending = []
            write(text, into: &state)
        }
    }

    private func write(_ text: [UInt8], into state: inout State) {
        guard !text.isEmpty, !state.isCapped else { return }
        let marker = Array(JobLog.cappedLine(cap).utf8)
        let room = max(0, cap - Int64(marker.count) - state.size)
        var chunk = text
        if Int64(chunk.count) > room {
            // Keep what fits, end it with a newline, then the marker: cap bytes at most in all.
            var kept = Array(chunk.prefix(JobLog.boundary(in: chunk, atMost: max(0, Int(room) - 1))))
            if let last = kept.last, last != UInt8(ascii: "\n") { kept.append(UInt8(ascii: "\n")) }
            chunk = kept + marker
            state.isCapped = true
        }
        chunk.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let rc = Glibc.write(state.fd, buffer.baseAddress! + offset, buffer.count - offset)
                if rc < 0 { if errno == EINTR { continue }; return }
                offset += rc
            }
        }
        state.size += Int64(chunk.count)
    }

    /// Up to `limit` bytes from `offset`, ending on a UTF-8 boundary, as a string for `JobEvents.log`.
    static func read(path: String, from offset: Int64, limit: Int) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0, limit > 0 else { return "" }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: limit + 4)
        let count = pread(fd, &buffer, buffer.count, off_t(offset))
        guard count > 0 else { return "" }
        let bytes = Array(buffer[..<count])
        let end = count <= limit ? count : boundary(in: bytes, atMost: limit)
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// The largest index ≤ `limit` that does not fall inside a UTF-8 sequence.
    static func boundary(in bytes: [UInt8], atMost limit: Int) -> Int {
        var end = min(limit, bytes.count)
        while end > 0, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return end
    }

    /// The length of `bytes` without a trailing incomplete (but so far valid-looking) sequence.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        var index = bytes.count
        var continuation = 0
        while index > 0, bytes[index - 1] & 0xC0 == 0x80, continuation < 3 {
            index -= 1
            continuation += 1
        }
        guard index > 0 else { return bytes.count }
        let lead = bytes[index - 1]
        let needed = lead & 0xE0 == 0xC0 ? 1 : lead & 0xF0 == 0xE0 ? 2 : lead & 0xF8 == 0xF0 ? 3 : -1
        return needed > continuation ? index - 1 : bytes.count
    }
}
