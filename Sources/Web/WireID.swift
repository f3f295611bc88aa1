import Core
import HTTP

/// An id in a JSON request body. The API writes ids as strings; on input a string of digits or a
/// whole number is accepted, since clients echo ids back in both forms.
struct WireID: Decodable, Sendable, Hashable {
    let value: Int64

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = Int64(text) {
            value = number
        } else {
            throw DecodingError.typeMismatch(Int64.self, .init(codingPath: decoder.codingPath,
                                                               debugDescription: "an id as a string of digits"))
        }
    }
}

extension Request {
    /// The path parameter `name` as an id; an unparsable id is as unknown as a missing one (404).
    func id(_ name: String = "id", noun: String) throws(AppError) -> Int64 {
        let text = parameters[name] ?? ""
        guard let id = Int64(text), id > 0 else { throw AppError(.notFound, "no \(noun) with id \(text.prefix(32))") }
        return id
    }
}
