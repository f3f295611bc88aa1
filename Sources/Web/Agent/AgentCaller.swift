import Core
import HTTP
import Storage
import Synchronization

/// The agent making a request under `/agent/v1/`, attached by `AuthMiddleware` from the agent's own
/// bearer token (never a user's API token, and never a session cookie).
struct AgentCaller: Sendable {
    let credential: AgentCredential

    var machineID: Int64 { credential.machineID }
}

enum AgentCallerKey: AttributeKey {
    typealias Value = AgentCaller
}

extension Request {
    /// The authenticated agent; 401 when there is none.
    func agentCaller() throws(AppError) -> AgentCaller {
        guard let agent = attributes[AgentCallerKey.self] else {
            throw AppError(.unauthorized, "send the agent's token (capstan-agent enroll)")
        }
        return agent
    }
}

/// Resolves an agent's bearer token. A hit costs no database read while no credential-changing
/// write has gone through the store since (`Store.writeGeneration`, which heartbeats and job reports
/// leave alone), so a deleted machine's agent is refused on its next request.
final class AgentResolver: Sendable {
    private struct Entry: Sendable {
        let credential: AgentCredential
        let generation: UInt64
    }

    let store: Store
    private let cache = Mutex<[String: Entry]>([:])
    static let capacity = 50_000

    init(store: Store) {
        self.store = store
    }

    func agent(for request: Request) async throws -> AgentCaller? {
        guard let authorization = request.headers["Authorization"],
              let text = CallerResolver.bearerToken(authorization), Token(text: text).kind == .agent else { return nil }
        let hash = Token.hash(text)
        let generation = store.writeGeneration
        if let entry = cache.withLock({ $0[hash] }), entry.generation == generation {
            return AgentCaller(credential: entry.credential)
        }
        guard let credential = try await store.read({ db in try db.agentCredential(tokenHash: hash) }) else { return nil }
        cache.withLock { cache in
            if cache.count >= Self.capacity { cache.removeAll(keepingCapacity: true) }
            cache[hash] = Entry(credential: credential, generation: generation)
        }
        return AgentCaller(credential: credential)
    }
}
