/// A request's body, streamed from the connection as the handler asks for it.
///
/// Iterate it (`for try await chunk in request.body`) to stream an upload to disk, or `collect()` it.
/// Reading past the route's limit throws `HTTPError` 413; a client too slow throws 408.
public struct RequestBody: Sendable, AsyncSequence {
    public typealias Element = [UInt8]
    let reader: BodyReader?
    private let fixed: [UInt8]?

    init(reader: BodyReader?) {
        self.reader = reader
        self.fixed = nil
    }

    /// A body held in memory, for requests built by hand (tests, internal dispatch).
    public init(bytes: [UInt8]) {
        self.reader = nil
        self.fixed = bytes
    }

    public static let empty = RequestBody(reader: nil)

    /// The declared length, when the client sent `Content-Length`.
    public var declaredLength: Int? { reader?.declaredLength ?? fixed?.count }

    /// All of the body, refusing more than `limit` bytes (default: the route's limit) with 413.
    public func collect(upTo limit: Int? = nil) async throws -> [UInt8] {
        if let fixed { return fixed }
        guard let reader else { return [] }
        return try await reader.collect(upTo: limit)
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(reader: reader, fixed: fixed)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let reader: BodyReader?
        var fixed: [UInt8]?

        public mutating func next() async throws -> [UInt8]? {
            if let chunk = fixed {
                fixed = nil
                return chunk.isEmpty ? nil : chunk
            }
            return try await reader?.next()
        }
    }
}
