/// A key for a value that middleware attaches to a request (the signed-in user, a request id).
public protocol AttributeKey {
    associatedtype Value: Sendable
}

/// Typed per-request storage that middleware fills and handlers read.
public struct Attributes: Sendable {
    private var storage: [ObjectIdentifier: any Sendable] = [:]

    public init() {}

    public subscript<Key: AttributeKey>(key: Key.Type) -> Key.Value? {
        get { storage[ObjectIdentifier(key)] as? Key.Value }
        set { storage[ObjectIdentifier(key)] = newValue }
    }
}
