import Core

/// One part of the API in the OpenAPI document: its operations and the schemas they name.
///
/// An area lives in its own `OpenAPI+Noun.swift`, next to nothing else; `OpenAPIDocument.areas`
/// lists them. Adding routes to the router without adding them here fails
/// `OpenAPIDocumentTests.everyRouteIsDocumented`.
struct OpenAPIArea: Sendable {
    /// The tag operations are grouped under.
    let tag: String
    let description: String
    let operations: [OpenAPIOperation]
    /// Schemas this area defines, referenced as `JSONSchema.ref(name)`.
    var schemas: [String: JSONValue] = [:]
}
