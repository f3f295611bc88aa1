import Core
import HTTP

/// `/api/v1/environments`: everyone signed in may list them; writes need `administer`.
/// Bodies: `name`, `rank`, `isProtected`, `needsApproval`; PATCH changes only the keys it carries.
struct EnvironmentsAPI: Sendable {
    let environments: EnvironmentOperations

    func list(_ request: Request) async throws -> Response {
        _ = try request.caller()
        let environments = try await environments.list()
        return .json(JSONBody.encode(ListJSON(items: environments.map(EnvironmentJSON.init), nextCursor: nil)))
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let input = try await JSONInput.decode(Input.self, from: request)
        let draft = EnvironmentDraft(name: try required(input.name, "name"), rank: try required(input.rank, "rank"),
                                     isProtected: input.isProtected ?? false, needsApproval: input.needsApproval ?? false)
        let environment = try await environments.create(draft, caller: caller)
        return .json(JSONBody.encode(EnvironmentJSON(environment)), status: .created)
    }

    func update(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let id = try request.id(noun: "environment")
        let input = try await JSONInput.decode(Input.self, from: request)
        let environment = try await environments.update(id, caller: caller) { draft in
            if let name = input.name { draft.name = name }
            if let rank = input.rank { draft.rank = rank }
            if let isProtected = input.isProtected { draft.isProtected = isProtected }
            if let needsApproval = input.needsApproval { draft.needsApproval = needsApproval }
        }
        return .json(JSONBody.encode(EnvironmentJSON(environment)))
    }

    func delete(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        try await environments.delete(try request.id(noun: "environment"), caller: caller)
        return Response(status: .noContent)
    }

    private struct Input: Decodable, Sendable {
        var name: String?
        var rank: Int?
        var isProtected: Bool?
        var needsApproval: Bool?
    }
}

/// An environment as the API writes it.
struct EnvironmentJSON: Encodable {
    let id: String
    let name: String
    let rank: Int
    let isProtected: Bool
    let needsApproval: Bool

    init(_ environment: Environment) {
        id = String(environment.id)
        name = environment.name
        rank = environment.rank
        isProtected = environment.isProtected
        needsApproval = environment.needsApproval
    }
}
