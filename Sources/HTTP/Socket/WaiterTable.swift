/// Who waits on which file descriptor, and which readiness edges arrived while nobody waited.
struct WaiterTable {
    struct Entry {
        var readReady = false
        var writeReady = false
        var reader: UnsafeContinuation<Wake, Never>?
        var writer: UnsafeContinuation<Wake, Never>?
        var readDeadline: ContinuousClock.Instant?
        var writeDeadline: ContinuousClock.Instant?
        var idle = false
    }

    private var entries: [Int32: Entry] = [:]
    private var shuttingDown = false

    mutating func add(_ fd: Int32) { entries[fd] = Entry() }
    mutating func remove(_ fd: Int32) { entries[fd] = nil }

    /// Stores the waiter, or returns at once how it is to be resumed (an edge already seen, shutdown).
    mutating func park(_ fd: Int32, writable: Bool, _ continuation: UnsafeContinuation<Wake, Never>,
                       deadline: ContinuousClock.Instant, idle: Bool) -> Wake? {
        guard var entry = entries[fd] else { return .shutdown }
        defer { entries[fd] = entry }
        if writable {
            if entry.writeReady { entry.writeReady = false; return .ready }
            (entry.writer, entry.writeDeadline) = (continuation, deadline)
        } else {
            if entry.readReady { entry.readReady = false; return .ready }
            if idle, shuttingDown { return .shutdown }
            (entry.reader, entry.readDeadline, entry.idle) = (continuation, deadline, idle)
        }
        return nil
    }

    mutating func signal(_ fd: Int32, readable: Bool, writable: Bool, into ready: inout [(UnsafeContinuation<Wake, Never>, Wake)]) {
        guard var entry = entries[fd] else { return }
        if readable {
            if let reader = entry.reader { ready.append((reader, .ready)); entry.reader = nil } else { entry.readReady = true }
        }
        if writable {
            if let writer = entry.writer { ready.append((writer, .ready)); entry.writer = nil } else { entry.writeReady = true }
        }
        entries[fd] = entry
    }

    mutating func expire(now: ContinuousClock.Instant) -> [UnsafeContinuation<Wake, Never>] {
        var expired: [UnsafeContinuation<Wake, Never>] = []
        for (fd, entry) in entries {
            var entry = entry
            var changed = false
            if let reader = entry.reader, let deadline = entry.readDeadline, deadline <= now {
                expired.append(reader); entry.reader = nil; changed = true
            }
            if let writer = entry.writer, let deadline = entry.writeDeadline, deadline <= now {
                expired.append(writer); entry.writer = nil; changed = true
            }
            if changed { entries[fd] = entry }
        }
        return expired
    }

    mutating func beginShutdown() -> [UnsafeContinuation<Wake, Never>] {
        shuttingDown = true
        var idle: [UnsafeContinuation<Wake, Never>] = []
        for (fd, entry) in entries where entry.idle {
            if let reader = entry.reader {
                idle.append(reader)
                entries[fd]?.reader = nil
            }
        }
        return idle
    }
}
