import Core

/// What the deploy review's "change this release" form may set, read the same way by the review and
/// by its confirmation: a strategy of the release's own (`custom=1` and the application form's
/// strategy fields) and the hosts, by hostname (empty: every active machine of the group there).
/// Nothing about the application changes.
struct DeployOverride: Sendable {
    /// The form's names for a strategy: the application form's.
    static let strategyFields = ["batchSize", "maxParallel", "failureLimit", "pause", "autoRollback", "byDatacenter", "bake", "hostTimeout"]
    static let fields = ["custom", "hosts"] + strategyFields
    static let maximumHosts = 10_000

    var strategy: ReleaseStrategy?
    var hostnames: [String]

    /// The override in `input`; a refused value is an `AppError` naming its input.
    init(from input: FormInput) throws(AppError) {
        strategy = input["custom"] == "1" ? try ApplicationForm.strategy(from: input) : nil
        var seen = Set<String>()
        hostnames = input["hosts"].split { $0 == "," || $0.isWhitespace }.map(String.init).filter { seen.insert($0.lowercased()).inserted }
        guard hostnames.count <= Self.maximumHosts else {
            throw AppError(.invalid, "name at most \(Self.maximumHosts) hosts (or none, for every host)", field: "hosts")
        }
    }

    /// Whether `error` is about a value of this form (shown next to it on the review) rather than
    /// the release itself (shown on the application page).
    static func isOverrideError(_ error: AppError) -> Bool {
        guard let field = error.field.map(inputName) else { return false }
        return fields.contains(field)
    }

    /// The input that holds `field`: `ReleaseStrategy.validate` names `strategy.maxParallel` and so on.
    static func inputName(_ field: String) -> String {
        field.hasPrefix("strategy.") ? String(field.dropFirst("strategy.".count)) : field
    }
}
