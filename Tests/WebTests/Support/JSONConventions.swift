import Core

/// The API's JSON conventions checked on real answers: a key `id` or ending in `ID` holds a string
/// of digits (or null), a key `at` or ending in `At` an RFC 3339 time in UTC (or null). Free-form
/// objects (`facts`, `detail`, `labels`, `strategy`) are not the API's own keys and are skipped.
enum JSONConventions {
    static let freeForm: Set<String> = ["facts", "detail", "labels", "strategy", "defaultStrategy", "healthCheck"]

    static func problems(in value: JSONValue, at place: String) -> [String] {
        switch value {
        case .array(let values):
            return values.flatMap { problems(in: $0, at: place) }
        case .object(let members):
            return members.sorted { $0.key < $1.key }.flatMap { key, member -> [String] in
                if freeForm.contains(key) { return [] }
                var found = problems(in: member, at: "\(place) \(key)")
                if key == "id" || (key.hasSuffix("ID") && !OpenAPIStructure.notRowIDs.contains(key)), !isID(member) {
                    found.append("\(place): \(key) is \(member.canonicalText), not an id string")
                }
                if key == "at" || key.hasSuffix("At"), !isTimestamp(member) {
                    found.append("\(place): \(key) is \(member.canonicalText), not RFC 3339 UTC")
                }
                return found
            }
        default:
            return []
        }
    }

    static func isID(_ value: JSONValue) -> Bool {
        if value == .null { return true }
        guard case .string(let text) = value else { return false }
        return text.wholeMatch(of: /[1-9][0-9]*/) != nil
    }

    static func isTimestamp(_ value: JSONValue) -> Bool {
        if value == .null { return true }
        guard case .string(let text) = value else { return false }
        return text.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/) != nil
    }
}
