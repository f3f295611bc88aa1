import Glibc

/// A connection's input bytes: received at the tail, consumed from the head, compacted in place.
///
/// An idle connection gives its storage back (`releaseIfEmpty`), so ten thousand idle keep-alive
/// connections cost almost nothing.
struct ReadBuffer {
    private var storage: [UInt8] = []
    private var start = 0
    private var end = 0
    static let chunk = 16 * 1024

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
        let received = storage.withUnsafeMutableBytes { raw in
            Glibc.recv(fd, raw.baseAddress! + end, raw.count - end, 0)
        }
        if received > 0 { self.end += received }
        return received
    }

    mutating func releaseIfEmpty() {
        if isEmpty, !storage.isEmpty { storage = [] }
    }

    private mutating func makeRoom() {
        if storage.isEmpty { storage = [UInt8](repeating: 0, count: Self.chunk); return }
        guard storage.count - end < Self.chunk / 4 else { return }
        if start > 0 {
            storage.withUnsafeMutableBytes { raw in
                _ = memmove(raw.baseAddress!, raw.baseAddress! + start, end - start)
            }
            (start, end) = (0, end - start)
        }
        if storage.count - end < Self.chunk / 4 {
            storage.append(contentsOf: repeatElement(0, count: storage.count))
        }
    }
}
