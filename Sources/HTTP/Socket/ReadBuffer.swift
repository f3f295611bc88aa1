import Glibc

/// A connection's input bytes: received at the tail, consumed from the head, compacted in place.
///
/// Storage starts small (most request heads fit in 2 KiB) and doubles while a large head or a body
/// needs room. An idle connection gives it back (`releaseIfEmpty`), so ten thousand idle keep-alive
/// connections hold a few kilobytes each.
struct ReadBuffer {
    private var storage: [UInt8] = []
    private var start = 0
    private var end = 0
    static let initialCapacity = 2 * 1024
    /// Free space below which a read first compacts, then grows the storage.
    static let minimumFree = 1024
    /// Growth stops doubling here and continues in steps of this size.
    static let largeStep = 64 * 1024
    /// A read that fills all free space means more is waiting (an upload): grow up to this.
    static let streamingCapacity = 256 * 1024
    private var lastReadFilled = false

    var count: Int { end - start }
    var isEmpty: Bool { start == end }

    /// Calls `body` with the unread bytes.
    func withReadable<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    func copy(_ range: Range<Int>) -> [UInt8] {
        Array(storage[(start + range.lowerBound)..<(start + range.upperBound)])
    }

    mutating func consume(_ count: Int) {
        precondition(count <= self.count)
        start += count
        if start == end { (start, end) = (0, 0) }
    }

    /// One `recv` into free space at the tail; returns what `recv` returned (errno is left for the caller).
    mutating func receive(from fd: Int32) -> Int {
        makeRoom()
        let end = self.end
        let free = storage.count - end
        let received = storage.withUnsafeMutableBytes { raw in
            Glibc.recv(fd, raw.baseAddress! + end, free, 0)
        }
        if received > 0 { self.end += received }
        lastReadFilled = received == free
        return received
    }

    mutating func releaseIfEmpty() {
        if isEmpty, !storage.isEmpty { storage = [] }
    }

    private mutating func makeRoom() {
        if storage.isEmpty { storage = [UInt8](repeating: 0, count: Self.initialCapacity); return }
        if lastReadFilled, storage.count < Self.streamingCapacity, start == end {
            // Everything read so far was consumed and the socket had more: widen the window.
            storage = [UInt8](repeating: 0, count: storage.count * 2)
            (start, end) = (0, 0)
            return
        }
        guard storage.count - end < Self.minimumFree else { return }
        if start > 0 {
            storage.withUnsafeMutableBytes { raw in
                _ = memmove(raw.baseAddress!, raw.baseAddress! + start, end - start)
            }
            (start, end) = (0, end - start)
        }
        if storage.count - end < Self.minimumFree {
            storage.append(contentsOf: repeatElement(0, count: min(storage.count, Self.largeStep)))
        }
    }
}
