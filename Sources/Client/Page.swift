/// One page of an API list: `{"items":[…],"nextCursor":…}`, where `nextCursor` is nil on the last.
public struct Page<Item: Decodable & Sendable & Equatable>: Sendable, Decodable, Equatable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
