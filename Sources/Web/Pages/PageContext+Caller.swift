import Core

extension PageContext {
    /// `make(title:path:_:)` plus what the layout shows a signed-in caller: their login, the admin
    /// navigation, the sign-out form, and `csrfToken`, which every form puts in a hidden `_csrf` input.
    static func make(title: String, path: String, caller: Caller?, _ values: [String: Any] = [:]) -> [String: Any] {
        var context = make(title: title, path: path, values)
        guard let caller else { return context }
        context["signedIn"] = ["login": caller.user.login, "isAdmin": caller.principal.decide(.administer).isAllowed] as [String: Any]
        if case .session(_, let csrfToken) = caller.credential { context["csrfToken"] = csrfToken }
        return context
    }

    /// What a form shows for a refused submission: the message at the top, and again as
    /// `<field>Error` so the template puts it next to that field.
    static func errors(_ error: AppError) -> [String: Any] {
        var values: [String: Any] = ["error": error.message]
        if let field = error.field { values[field + "Error"] = error.message }
        return values
    }
}
