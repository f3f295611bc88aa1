import Core
import HTTP

/// The fields of an HTML form post (`application/x-www-form-urlencoded`), decoded; a field the form
/// did not send reads as empty, the way browsers omit unchecked boxes.
struct FormInput: Sendable {
    /// The largest form body a page accepts.
    static let maxBytes = 64 * 1024

    private let values: [String: String]

    init(values: [String: String]) {
        self.values = values
    }

    static func read(_ request: Request) async throws -> FormInput {
        let bytes = try await request.body.collect(upTo: maxBytes)
        var values: [String: String] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (raw: ArraySlice<UInt8>) in PercentDecoding.decode(String(decoding: raw, as: UTF8.self), plusAsSpace: true) }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else {
                throw AppError(.invalid, "the form data is not valid URL encoding")
            }
            if values[name] == nil { values[name] = value }
        }
        return FormInput(values: values)
    }

    subscript(name: String) -> String { values[name] ?? "" }

    /// A checkbox: sent (with any value) means checked.
    func isChecked(_ name: String) -> Bool { values[name] != nil }

    /// A field holding an id (a `<select>` of groups or environments); a missing or bad one is
    /// `AppError(.invalid)` naming the field.
    func id(_ name: String, label: String) throws(AppError) -> Int64 {
        guard let id = Int64(self[name]), id > 0 else { throw AppError(.invalid, "choose a \(label)", field: name) }
        return id
    }

    /// The values as typed, to fill a form that is shown again.
    var typed: [String: String] { values }
}
