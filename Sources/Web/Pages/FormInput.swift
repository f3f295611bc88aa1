import Core
import HTTP

/// The fields of an HTML form post (`application/x-www-form-urlencoded`), decoded; a field the form
/// did not send reads as empty, the way browsers omit unchecked boxes.
struct FormInput: Sendable {
    private let values: [String: String]

    init(values: [String: String]) {
        self.values = values
    }

    /// The request's form, through `request.form()`: the CSRF check may already have read the body
    /// to find `_csrf`, and a body cannot be read twice. The first value of a repeated name wins.
    static func read(_ request: Request) async throws -> FormInput {
        var values: [String: String] = [:]
        for field in try await request.form().fields where values[field.name] == nil {
            values[field.name] = field.value
        }
        return FormInput(values: values)
    }

    subscript(name: String) -> String { values[name] ?? "" }

    /// Whether the form sent the field at all, even empty.
    func contains(_ name: String) -> Bool { values[name] != nil }

    /// A checkbox: sent (with any value) means checked.
    func isChecked(_ name: String) -> Bool { contains(name) }

    /// A field holding an id (a `<select>` of groups or environments); a missing or bad one is
    /// `AppError(.invalid)` naming the field.
    func id(_ name: String, label: String) throws(AppError) -> Int64 {
        guard let id = Int64(self[name]), id > 0 else { throw AppError(.invalid, "choose a \(label)", field: name) }
        return id
    }

    /// The values as typed, to fill a form that is shown again.
    var typed: [String: String] { values }
}
