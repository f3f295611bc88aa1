import Core
import HTTP

extension PageContext {
    /// `<select>` options: each id with its label, the chosen one marked.
    static func options(_ items: [(id: Int64, label: String)], selected: Int64?) -> [[String: Any]] {
        items.map { ["value": String($0.id), "label": $0.label, "selected": $0.id == selected] }
    }

    /// `errors(_:)` for forms whose fields have nested names: a label value's `labels.tier` is
    /// shown by the `labels` field, since a template cannot name a key with a dot in it.
    static func formErrors(_ error: AppError) -> [String: Any] {
        errors(AppError(error.code, error.message, field: error.field?.split(separator: ".").first.map(String.init)))
    }

    /// The status of a form page: 200 as asked for, 409 when a name (or rank) is taken, 422 for
    /// anything else refused.
    static func status(_ error: AppError?) -> Status {
        error.map { $0.code == .conflict ? .conflict : .unprocessableContent } ?? .ok
    }

    /// The status of a page shown again after a refused action: 409 when the object's state or the
    /// lock of another one refuses it, 403 when only someone else may do it, 422 for anything else.
    static func refusalStatus(_ error: AppError) -> Status {
        switch error.code {
        case .conflict: .conflict
        case .forbidden: .forbidden
        default: .unprocessableContent
        }
    }
}
