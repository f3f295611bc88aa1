import Core
import Foundation
import HTTP

/// Reading and writing the agent protocol's bodies with `AgentWire`'s conventions.
enum AgentMessagesIO {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try await JSONInput.decode(type, from: request, decoder: AgentWire.makeDecoder())
    }

    static func response(_ value: some Encodable, status: Status = .ok) throws -> Response {
        .json(Array(try AgentWire.makeEncoder().encode(value)), status: status)
    }
}
