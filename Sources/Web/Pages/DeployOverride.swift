import Core
import GRDB
import Storage

/// What the deploy review's "change this release" form may set, read the same way by the review and
/// by its confirmation: a strategy of the release's own (`custom=1` and the application form's
/// strategy fields) and the hosts, by hostname (empty: every active machine of the group there).
/// Nothing about the application changes.
struct DeployOverride: Sendable, Equatable {
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

    var isEmpty: Bool { strategy == nil && hostnames.isEmpty }

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

    /// The machines named, among the release's targets: the application's group's active machines in
    /// the environment, by hostname ignoring case. Nil (leave the refusal to the release's own checks)
    /// when the application or environment is unknown or the caller may not deploy it.
    static func machineIDs(_ hostnames: [String], application: String, environment: String, caller: Caller,
                           _ db: Database) throws -> [Int64]? {
        guard !hostnames.isEmpty, let application = try? db.application(named: application),
              let environment = try db.environment(named: environment),
              (try? caller.principal.require(.deploy, in: application.groupID)) != nil
        else { return nil }
        let targets = Dictionary(try db.releaseTargets(groupID: application.groupID, environmentID: environment.id)
            .map { ($0.hostname.lowercased(), $0.id) }) { first, _ in first }
        let unknown = hostnames.filter { targets[$0.lowercased()] == nil }
        guard unknown.isEmpty else {
            let names = unknown.prefix(5).joined(separator: ", ") + (unknown.count > 5 ? " and \(unknown.count - 5) more" : "")
            throw AppError(.invalid, "no active machine of \(application.name)'s group in \(environment.name) is named \(names)", field: "hosts")
        }
        return hostnames.map { targets[$0.lowercased()]! }
    }
}
