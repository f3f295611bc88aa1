import Core
import HTTP

/// `/api/v1/groups`: the product-group tree the caller can see; create, rename, describe, move
/// (`parentID`, null for the top level) and delete; a group's members.
struct GroupsAPI: Sendable {
    let groups: GroupOperations

    func list(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let groups = try await groups.list(caller: caller)
        return .json(JSONBody.encode(ListJSON(items: groups.map(GroupJSON.init), nextCursor: nil)))
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let input = try await JSONInput.decode(Input.self, from: request)
        let draft = GroupDraft(name: try required(input.name, "name"), parentID: input.parentID ?? nil,
                               description: input.description ?? "")
        let group = try await groups.create(draft, caller: caller)
        return .json(JSONBody.encode(GroupJSON(group)), status: .created)
    }

    func show(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let group = try await groups.group(try request.id(noun: "group"), caller: caller)
        return .json(JSONBody.encode(GroupJSON(group)))
    }

    func update(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let id = try request.id(noun: "group")
        let input = try await JSONInput.decode(Input.self, from: request)
        let group = try await groups.update(id, caller: caller) { draft in
            if let name = input.name { draft.name = name }
            if let description = input.description { draft.description = description }
            if let parentID = input.parentID { draft.parentID = parentID }
        }
        return .json(JSONBody.encode(GroupJSON(group)))
    }

    func delete(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        try await groups.delete(try request.id(noun: "group"), caller: caller)
        return Response(status: .noContent)
    }

    func members(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let members = try await groups.members(try request.id(noun: "group"), caller: caller)
        let items = members.map { MemberJSON(userID: String($0.user.id), login: $0.user.login, name: $0.user.name,
                                             role: $0.membership.role.rawValue) }
        return .json(JSONBody.encode(ListJSON(items: items, nextCursor: nil)))
    }

    /// The body of POST and PATCH. `parentID` is doubly optional: absent leaves the parent alone,
    /// `null` moves the group to the top level.
    private struct Input: Decodable, Sendable {
        var name: String?
        var description: String?
        var parentID: Int64??

        private enum CodingKeys: String, CodingKey { case name, description, parentID }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            description = try container.decodeIfPresent(String.self, forKey: .description)
            if container.contains(.parentID) {
                parentID = try container.decodeNil(forKey: .parentID) ? .some(nil)
                    : .some(try container.decode(WireID.self, forKey: .parentID).value)
            }
        }
    }
}

/// A group as the API writes it.
struct GroupJSON: Encodable {
    let id: String
    let name: String
    let parentID: JSONValue
    let description: String

    init(_ group: ProductGroup) {
        id = String(group.id)
        name = group.name
        parentID = group.parentID.map { .string(String($0)) } ?? .null
        description = group.description
    }
}

/// A direct member of a group.
private struct MemberJSON: Encodable {
    let userID: String
    let login: String
    let name: String
    let role: String
}
