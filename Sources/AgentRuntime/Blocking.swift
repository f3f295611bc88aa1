import Foundation

/// Runs blocking work (hashing a package, inspecting an archive, a `connect` with a deadline) on a
/// thread of its own, so it does not hold one of the few threads Swift concurrency runs tasks on.
func onThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.name = "capstan-agent \(name)"
        thread.start()
    }
}
