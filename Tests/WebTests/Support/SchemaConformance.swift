import Core

/// A small JSON Schema checker for the keywords the OpenAPI document uses (`$ref`, `type`,
/// `properties`, `required`, `additionalProperties`, `items`, `allOf`, `oneOf`, `enum`, `const`,
/// `pattern`), so the status tests can hold every real answer to its documented schema.
struct SchemaConformance {
    let document: JSONValue

    /// Why `value` does not match `schema`; empty when it does.
    func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        if let reference = schema["$ref"]?.text {
            guard let resolved = resolve(reference) else { return ["\(path): unresolved \(reference)"] }
            return problems(value, resolved, at: path)
        }
        var found: [String] = []
        for part in schema["allOf"]?.elements ?? [] { found += problems(value, part, at: path) }
        if let options = schema["oneOf"]?.elements {
            let matching = options.filter { problems(value, $0, at: path).isEmpty }.count
            if matching != 1 { found.append("\(path): \(value.canonicalText.prefix(80)) matches \(matching) of oneOf's \(options.count)") }
        }
        if let constant = schema["const"], constant != value { found.append("\(path): not \(constant.canonicalText)") }
        if let allowed = schema["enum"]?.elements, !allowed.contains(value) { found.append("\(path): \(value.canonicalText) not in enum") }
        if let type = schema["type"]?.text, !Self.has(value, type: type) {
            return found + ["\(path): \(value.canonicalText.prefix(80)) is not \(type)"]
        }
        if let pattern = schema["pattern"]?.text, case .string(let text) = value,
           let regex = try? Regex(pattern), (try? regex.firstMatch(in: text)) == nil {
            found.append("\(path): \(text.prefix(80)) does not match \(pattern)")
        }
        if case .object(let members) = value {
            let properties = schema["properties"]?.members ?? [:]
            for key in schema["required"]?.elements?.compactMap(\.text) ?? [] where members[key] == nil {
                found.append("\(path): no \(key)")
            }
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                if let property = properties[key] {
                    found += problems(member, property, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"], case .object = additional {
                    found += problems(member, additional, at: "\(path).\(key)")
                }
            }
        }
        if case .array(let values) = value, let items = schema["items"] {
            for (index, item) in values.enumerated() { found += problems(item, items, at: "\(path)[\(index)]") }
        }
        return found
    }

    private func resolve(_ reference: String) -> JSONValue? {
        var current: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") { current = current?[String(part)] }
        return current
    }

    private static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("integer", .int), ("boolean", .bool), ("object", .object), ("array", .array), ("null", .null),
             ("number", .int), ("number", .double): true
        default: false
        }
    }
}
