import Core

/// The JSON Schema pieces (OpenAPI 3.1 speaks JSON Schema 2020-12) the document's areas are built
/// from, so every area spells ids, timestamps, nulls and cursor pages the same way.
///
/// Objects list every property as required unless told otherwise: the API writes absent values as
/// `null` rather than leaving keys out (`WireJSON`).
enum JSONSchema {
    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let boolean: JSONValue = ["type": "boolean"]
    /// Any JSON object (facts, audit details, labels of strings).
    static let freeObject: JSONValue = ["type": "object"]
    static let stringMap: JSONValue = ["type": "object", "additionalProperties": ["type": "string"]]
    /// Ids are strings of digits on the wire (`WireJSON.id`).
    static let id = ref("ID")
    /// Timestamps are RFC 3339 in UTC (`RFC3339.string`).
    static let timestamp = ref("Timestamp")

    static func ref(_ name: String) -> JSONValue {
        .object(["$ref": .string("#/components/schemas/\(name)")])
    }

    static func nullable(_ schema: JSONValue) -> JSONValue {
        ["oneOf": [schema, ["type": "null"]]]
    }

    static func array(_ items: JSONValue) -> JSONValue {
        ["type": "array", "items": items]
    }

    static func enumeration(_ values: [String], description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "string", "enum": .array(values.map(JSONValue.string))]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    static func string(_ description: String) -> JSONValue {
        ["type": "string", "description": .string(description)]
    }

    static func integer(_ description: String, minimum: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "integer", "description": .string(description)]
        if let minimum { schema["minimum"] = .int(Int64(minimum)) }
        return .object(schema)
    }

    /// An object whose keys are exactly `properties`; `required` nil means all of them (answers), a
    /// request body names the ones it needs.
    static func object(_ properties: [String: JSONValue], required: [String]? = nil, description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = [
            "type": "object", "properties": .object(properties),
            "required": .array((required ?? properties.keys.sorted()).map(JSONValue.string)),
        ]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    /// A cursor page: `{"items":[…],"nextCursor":"…"|null}` (`ListJSON`).
    static func page(of item: JSONValue) -> JSONValue {
        object(["items": array(item), "nextCursor": ref("Cursor")])
    }

    /// `properties` with `extra` added (answers that carry a little more than the shared shape).
    static func extending(_ name: String, with extra: [String: JSONValue]) -> JSONValue {
        ["allOf": [ref(name), object(extra)]]
    }
}
