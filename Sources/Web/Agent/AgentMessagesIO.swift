import Core
import Foundation
import HTTP

/// Reading and writing the agent protocol's bodies with `AgentWire`'s conventions.
enum AgentMessagesIO {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let bytes = try await request.body.collect()
        guard !bytes.isEmpty else { throw HTTPError(.badRequest, "the body must be a JSON object") }
        do {
            return try AgentWire.makeDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw JSONInput.describe(error)
        }
    }

    static func response(_ value: some Encodable, status: Status = .ok) throws -> Response {
        .json(Array(try AgentWire.makeEncoder().encode(value)), status: status)
    }
}
