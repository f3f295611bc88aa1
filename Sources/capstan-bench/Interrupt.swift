import Glibc
import Synchronization

/// SIGINT and SIGTERM, turned into a flag the bench checks while it waits, so an interrupted run
/// unwinds through the same `defer`s that stop the servers after a failure.
///
/// The signals are caught, not ignored: a caught signal is reset to its default in a child at exec,
/// an ignored one would stay ignored and the servers could not be stopped with SIGTERM.
/// A second signal ends the bench at once, without cleanup.
enum Interrupt {
    static func install() {
        _ = received.load(ordering: .relaxed)  // initialise the global before a handler can touch it
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            if received.exchange(signal, ordering: .relaxed) != 0 { _exit(128 + signal) }
        }
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
    }

    static var isRequested: Bool { received.load(ordering: .relaxed) != 0 }

    static func check() throws {
        let signal = received.load(ordering: .relaxed)
        if signal != 0 { throw BenchError("interrupted by signal \(signal); stopped the servers") }
    }
}

private let received = Atomic<Int32>(0)
