import Core

/// The shape of every paged list the API answers: `{"items":[…],"nextCursor":"…"}`, with
/// `"nextCursor":null` on the last page (spelled out, so clients need not test for a missing key).
struct ListJSON<Item: Encodable>: Encodable {
    var items: [Item]
    var nextCursor: String?

    private enum CodingKeys: String, CodingKey {
        case items, nextCursor
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// A field a JSON body must carry: absent is a field error (422 naming it), not a malformed body.
func required<T>(_ value: T?, _ field: String) throws(AppError) -> T {
    guard let value else { throw AppError(.invalid, "\(field) is required", field: field) }
    return value
}
