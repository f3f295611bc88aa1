import Core

extension PageContext {
    /// `make(title:path:_:)` for a signed-in caller: adds the CSRF token every form carries in its
    /// hidden `_csrf` field (empty for API-token callers, who never post forms) and who is signed in.
    static func make(for caller: Caller, title: String, path: String, _ values: [String: Any] = [:]) -> [String: Any] {
        var context = make(title: title, path: path, values)
        if case .session(_, let csrfToken) = caller.credential { context["csrf"] = csrfToken }
        context["signedInAs"] = caller.user.login
        return context
    }

    /// `<select>` options: each id with its label, the chosen one marked.
    static func options(_ items: [(id: Int64, label: String)], selected: Int64?) -> [[String: Any]] {
        items.map { ["value": String($0.id), "label": $0.label, "selected": $0.id == selected] }
    }

    /// The messages of a failed form: `errors.<field>` for the field at fault, `error` otherwise.
    static func errorValues(_ error: AppError) -> [String: Any] {
        guard let field = error.field else { return ["error": error.message] }
        return ["errors": [field.split(separator: ".").first.map(String.init) ?? field: error.message], "hasErrors": true]
    }
}
