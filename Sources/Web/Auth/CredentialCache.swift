import Core
import Foundation
import Synchronization

/// What a credential resolved to, kept briefly so a read-only request costs no database read.
///
/// An entry is used only while no write transaction has gone through the store since it was read
/// (`Store.writeGeneration`), so any change this server makes — a revoked token, a new membership,
/// a disabled user, a signed-out session — applies to the very next request. The age limit bounds
/// changes made by another process on the same file (`capstan admin …`). Expiry is checked on
/// every hit. Without it an authenticated request did a read transaction of its own: at the small
/// JSON endpoint that was most of its cost.
final class CredentialCache: Sendable {
    struct Entry: Sendable {
        let principal: Principal
        let credential: Caller.Credential
        let expiresAt: Date?
        let lastUsedAt: Date?
        let generation: UInt64
        let cachedAt: ContinuousClock.Instant

        /// The same entry after its token's `lastUsedAt` was written: touching a token changes no
        /// credential, so the entry stays valid.
        func touched(at date: Date) -> Entry {
            Entry(principal: principal, credential: credential, expiresAt: expiresAt, lastUsedAt: date,
                  generation: generation, cachedAt: cachedAt)
        }
    }

    static let maximumAge: Duration = .seconds(2)
    static let capacity = 10_000
    private let entries = Mutex<[String: Entry]>([:])

    /// The entry for a credential's hash, if still valid at `generation` and `now`.
    func entry(for hash: String, generation: UInt64, now: Date) -> Entry? {
        guard let entry = entries.withLock({ $0[hash] }) else { return nil }
        guard entry.generation == generation, ContinuousClock.now - entry.cachedAt < Self.maximumAge,
              entry.expiresAt.map({ $0 > now }) ?? true else { return nil }
        return entry
    }

    func store(_ entry: Entry, for hash: String) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = entry
        }
    }
}
