import Core
import Foundation

/// Checks of an OpenAPI 3.1 document as a JSON value: the structural rules a generator could
/// break (every `$ref` resolves, path templates match their parameters, unique operation ids,
/// declared security schemes and tags), and the API's conventions over every schema.
enum OpenAPIStructure {
    static let methods = ["get", "put", "post", "delete", "patch", "head", "options"]
    /// Properties named like ids that are not row ids.
    static let notRowIDs: Set<String> = ["targetID", "requestID"]

    static func problems(in document: JSONValue) -> [String] {
        var problems: [String] = []
        if document["openapi"] != "3.1.0" { problems.append("openapi is not 3.1.0") }
        if case .string = document["info"]?["title"] {} else { problems.append("info.title is missing") }
        if case .string = document["info"]?["version"] {} else { problems.append("info.version is missing") }
        for reference in references(in: document) where resolve(reference, in: document) == nil {
            problems.append("unresolved $ref \(reference)")
        }
        let schemes = Set(document["components"]?["securitySchemes"]?.members.keys ?? [:].keys)
        let tags = Set((document["tags"]?.elements ?? []).compactMap { $0["name"]?.text })
        var operationIDs: Set<String> = []
        for (path, item) in (document["paths"]?.members ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard path.hasPrefix("/") else { problems.append("path \(path) does not start with /"); continue }
            let templated = Set(path.matches(of: /\{([^}]+)\}/).map { String($0.1) })
            for (method, operation) in item.members where methods.contains(method) {
                let name = "\(method.uppercased()) \(path)"
                let parameters = (operation["parameters"]?.elements ?? []).map { resolveParameter($0, in: document) }
                let inPath = parameters.filter { $0["in"] == "path" }
                let declared = Set(inPath.compactMap { $0["name"]?.text })
                for missing in templated.subtracting(declared).sorted() { problems.append("\(name): no path parameter \(missing)") }
                for extra in declared.subtracting(templated).sorted() { problems.append("\(name): path parameter \(extra) not in the path") }
                if inPath.contains(where: { $0["required"] != true }) { problems.append("\(name): a path parameter is not required") }
                let responses = operation["responses"]?.members ?? [:]
                if responses.isEmpty { problems.append("\(name): no responses") }
                for code in responses.keys where code.wholeMatch(of: /[1-5][0-9][0-9]|default/) == nil {
                    problems.append("\(name): response key \(code)")
                }
                if let id = operation["operationId"]?.text, !operationIDs.insert(id).inserted { problems.append("duplicate operationId \(id)") }
                for requirement in operation["security"]?.elements ?? [] {
                    for scheme in requirement.members.keys where !schemes.contains(scheme) { problems.append("\(name): unknown scheme \(scheme)") }
                }
                for tag in operation["tags"]?.elements ?? [] where !tags.contains(tag.text ?? "") { problems.append("\(name): undeclared tag") }
            }
        }
        return problems
    }

    /// Every property named `id`, `…ID` must be the `ID` schema and every `at`, `…At` the
    /// `Timestamp` (either may be nullable), in the shared schemas and inline in operations.
    static func conventionProblems(in document: JSONValue) -> [String] {
        var problems: [String] = []
        for (name, schema) in (document["components"]?["schemas"]?.members ?? [:]).sorted(by: { $0.key < $1.key }) {
            check(schema, at: name, &problems)
        }
        for (path, item) in (document["paths"]?.members ?? [:]).sorted(by: { $0.key < $1.key }) {
            for (method, operation) in item.members where methods.contains(method) {
                for schema in schemas(in: operation) { check(schema, at: "\(method.uppercased()) \(path)", &problems) }
            }
        }
        return problems
    }

    private static func check(_ schema: JSONValue, at place: String, _ problems: inout [String]) {
        for (key, property) in (schema["properties"]?.members ?? [:]).sorted(by: { $0.key < $1.key }) {
            if key == "id" || (key.hasSuffix("ID") && !notRowIDs.contains(key)), !isRef(property, to: "ID") {
                problems.append("\(place).\(key) is not an ID")
            }
            if key == "at" || key.hasSuffix("At"), !isRef(property, to: "Timestamp") {
                problems.append("\(place).\(key) is not a Timestamp")
            }
            check(property, at: "\(place).\(key)", &problems)
        }
        for key in ["items"] { if let nested = schema[key] { check(nested, at: place, &problems) } }
        for key in ["allOf", "oneOf", "anyOf"] {
            for nested in schema[key]?.elements ?? [] { check(nested, at: place, &problems) }
        }
    }

    /// `$ref` to `#/components/schemas/<name>`, or `oneOf` of it and null.
    private static func isRef(_ schema: JSONValue, to name: String) -> Bool {
        if schema["$ref"]?.text == "#/components/schemas/\(name)" { return true }
        let options = schema["oneOf"]?.elements ?? []
        return options.count == 2 && options.contains { isRef($0, to: name) } && options.contains { $0["type"] == "null" }
    }

    private static func schemas(in operation: JSONValue) -> [JSONValue] {
        var found: [JSONValue] = []
        for content in [operation["requestBody"]?["content"]] + (operation["responses"]?.members.values.map { $0["content"] } ?? []) {
            for media in content?.members.values ?? [:].values { if let schema = media["schema"] { found.append(schema) } }
        }
        return found
    }

    private static func references(in value: JSONValue) -> [String] {
        switch value {
        case .object(let members):
            return (members["$ref"]?.text.map { [$0] } ?? []) + members.values.flatMap(references)
        case .array(let values): return values.flatMap(references)
        default: return []
        }
    }

    private static func resolve(_ reference: String, in document: JSONValue) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var current: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") {
            current = current?[String(part).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
        }
        return current
    }

    private static func resolveParameter(_ parameter: JSONValue, in document: JSONValue) -> JSONValue {
        guard let reference = parameter["$ref"]?.text else { return parameter }
        return resolve(reference, in: document) ?? parameter
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    var members: [String: JSONValue] {
        guard case .object(let members) = self else { return [:] }
        return members
    }

    var elements: [JSONValue]? {
        guard case .array(let values) = self else { return nil }
        return values
    }

    var text: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }
}
