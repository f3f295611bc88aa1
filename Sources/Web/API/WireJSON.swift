import Core
import Foundation
import HTTP

/// The API's JSON conventions in one place: ids as strings, timestamps RFC 3339 UTC, absent values
/// as `null`, lists as `{"items":[…],"nextCursor":…}` (null on the last page).
enum WireJSON {
    static func response(_ value: JSONValue, status: Status = .ok) -> Response {
        .json(JSONBody.encode(value), status: status)
    }

    static func list(_ items: [JSONValue], nextCursor: String? = nil) -> JSONValue {
        ["items": .array(items), "nextCursor": nextCursor.map(JSONValue.string) ?? .null]
    }

    static func id(_ id: Int64) -> JSONValue { .string(String(id)) }

    static func date(_ date: Date?) -> JSONValue {
        date.map { .string(RFC3339.string($0)) } ?? .null
    }

    static func user(_ user: User) -> JSONValue {
        [
            "id": id(user.id), "login": .string(user.login), "name": .string(user.name),
            "isAdmin": .bool(user.isAdmin), "isAuditor": .bool(user.isAuditor), "disabled": .bool(user.isDisabled),
            "disabledAt": date(user.disabledAt), "createdAt": date(user.createdAt),
        ]
    }

    static func membership(_ membership: Membership) -> JSONValue {
        ["userID": id(membership.userID), "groupID": id(membership.groupID), "role": .string(membership.role.rawValue)]
    }

    static func scope(_ scope: TokenScope) -> (groups: JSONValue, maxRole: JSONValue) {
        let groups: JSONValue = switch scope.groups {
        case .all: "all"
        case .groups(let ids): .array(ids.sorted().map(id))
        }
        return (groups, .string(scope.maxRole.rawValue))
    }

    static func token(_ token: APIToken) -> JSONValue {
        let scope = scope(token.scope)
        return [
            "id": id(token.id), "name": .string(token.name), "groups": scope.groups, "maxRole": scope.maxRole,
            "expiresAt": date(token.expiresAt), "lastUsedAt": date(token.lastUsedAt), "createdAt": date(token.createdAt),
        ]
    }
}
