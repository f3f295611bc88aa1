import GRDB
import Storage
import Synchronization

/// Group commit for many small, independent writes (agent heartbeats): items submitted while a
/// transaction is in flight go together in the next one, so 1,000 heartbeats a second cost a
/// handful of commits instead of 1,000, and a lone heartbeat waits for no timer.
///
/// Each item runs in a savepoint of its own, so one that throws (its machine was just deleted)
/// rolls back alone and its caller gets the error; the rest commit. A caller returns only once
/// its write is committed: nothing is acknowledged that a crash could lose.
public final class WriteBatcher<Item: Sendable, Output: Sendable>: Sendable {
    public typealias Apply = @Sendable (Database, Item) throws -> Output

    private struct Pending: Sendable {
        var items: [(Item, CheckedContinuation<Result<Output, any Error>, Never>)] = []
        var isFlushing = false
    }

    private let store: Store
    private let apply: Apply
    private let invalidatesCredentials: Bool
    private let maximumBatch: Int
    private let pending = Mutex(Pending())

    /// `invalidatesCredentials: false` for writes that touch no user, token, session or membership
    /// row, so cached credentials stay valid (see `Store.write(invalidatingCredentials:)`).
    public init(store: Store, invalidatesCredentials: Bool = true, maximumBatch: Int = 2_000, apply: @escaping Apply) {
        self.store = store
        self.apply = apply
        self.invalidatesCredentials = invalidatesCredentials
        self.maximumBatch = maximumBatch
    }

    /// Writes `item` with whatever else is waiting; returns its output once committed.
    public func submit(_ item: Item) async throws -> Output {
        let result = await withCheckedContinuation { continuation in
            let startsFlush = pending.withLock { pending in
                pending.items.append((item, continuation))
                defer { pending.isFlushing = true }
                return !pending.isFlushing
            }
            if startsFlush { Task { await self.flush() } }
        }
        return try result.get()
    }

    /// Runs `body` in a savepoint, rolled back when it throws; the error is returned, not thrown.
    /// GRDB's `inSavepoint` compiles its statements on every call; these are compiled once.
    private static func inSavepoint(_ db: Database, _ body: () throws -> Output) throws -> Result<Output, any Error> {
        try db.cachedStatement(sql: "SAVEPOINT batchItem").execute()
        do {
            let output = try body()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT batchItem").execute()
            return .success(output)
        } catch {
            try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT batchItem").execute()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT batchItem").execute()
            return .failure(error)
        }
    }

    private func flush() async {
        while true {
            let batch = pending.withLock { pending -> [(Item, CheckedContinuation<Result<Output, any Error>, Never>)] in
                let batch = Array(pending.items.prefix(maximumBatch))
                pending.items.removeFirst(batch.count)
                if batch.isEmpty { pending.isFlushing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            let items = batch.map(\.0)
            let results: [Result<Output, any Error>]
            do {
                results = try await store.write(invalidatingCredentials: invalidatesCredentials) { [apply] db in
                    try items.map { item in try Self.inSavepoint(db) { try apply(db, item) } }
                }
            } catch {
                results = Array(repeating: .failure(error), count: batch.count)
            }
            for (entry, result) in zip(batch, results) { entry.1.resume(returning: result) }
        }
    }
}
