import Dispatch
import GRDB
import Testing
@testable import Storage

/// WAL lets readers proceed while the one writer holds a transaction open.
struct ConcurrentAccessTests {
    let store: Store
    init() throws { store = try .temporary() }

    private func userCount() async throws -> Int {
        try await store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM user") ?? -1 }
    }

    @Test("async reads run, and see the last commit, while a write is in progress", .timeLimit(.minutes(1)))
    func readsDuringWrite() async throws {
        let (inserted, signalInserted) = AsyncStream.makeStream(of: Void.self)
        let mayCommit = DispatchSemaphore(value: 0)
        let writing = Task {
            try await store.write { db in
                try makeUser(db, login: "alice")
                signalInserted.yield()
                // Blocks GRDB's writer queue, not a cooperative thread, until the readers are done.
                mayCommit.wait()
            }
        }
        for await _ in inserted { break }

        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try await userCount() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 0, count: 8))

        mayCommit.signal()
        try await writing.value
        #expect(try await userCount() == 1)
    }
}
