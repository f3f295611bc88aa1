import Dispatch

/// Runs CPU-heavy work (password hashing) on Dispatch's global pool, never on an event-loop thread.
///
/// Handlers run on the event loops; a 0.2 s KDF there would stall every connection on that loop.
/// The caller suspends until the work is done.
enum Offload {
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }
}
