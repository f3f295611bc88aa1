import Core
import HTTP

/// The fields of an `application/x-www-form-urlencoded` body, in order, decoded.
///
/// Read once per request: the CSRF check may already have read the body to find `_csrf`, so
/// handlers ask `request.form()`, which returns that copy instead of reading the socket again.
struct Form: Sendable {
    static let contentType = "application/x-www-form-urlencoded"
    private(set) var fields: [(name: String, value: String)] = []

    init(fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// Parses `a=1&b=%20x+y`; a malformed escape is a 400.
    init(bytes: [UInt8]) throws(AppError) {
        for pair in bytes.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let raw = parts.map { String(decoding: $0, as: UTF8.self) }
            guard let name = PercentDecoding.decode(raw[0], plusAsSpace: true),
                  let value = PercentDecoding.decode(raw.count > 1 ? raw[1] : "", plusAsSpace: true)
            else { throw AppError(.invalid, "the form has a malformed %-escape") }
            fields.append((name, value))
        }
    }

    /// The first value of `name`; nil when absent.
    subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The value of `name`, or "" when absent.
    func text(_ name: String) -> String { self[name] ?? "" }

    /// A checkbox: present with any value but "" or "false" means checked.
    func isChecked(_ name: String) -> Bool {
        guard let value = self[name] else { return false }
        return !value.isEmpty && value != "false"
    }

    /// Every value of `name` (multi-selects).
    func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }
}

enum FormKey: AttributeKey {
    typealias Value = Form
}

extension Request {
    /// The urlencoded form of this request, read at most once; an empty form for other content types.
    func form() async throws -> Form {
        if let form = attributes[FormKey.self] { return form }
        guard isForm else { return Form() }
        return try Form(bytes: await body.collect())
    }

    var isForm: Bool {
        headers["Content-Type"]?.lowercased().hasPrefix(Form.contentType) == true
    }
}
