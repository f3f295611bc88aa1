import Core
import Foundation

/// The deploy form of an application's page: a version (the newest first), an environment (each
/// saying what it needs: an approval, a success in the environment ranked below), an optional
/// override reason, and the strategy the release will follow.
///
/// Fields: `version`, `environment` (a name), `overrideReason` (empty: none). A refused form keeps
/// what was typed, a version the list no longer has included, and puts the message next to its field.
enum DeployForm {
    /// `used`: the environments where the application's group has active machines; the promotion
    /// gate looks at the nearest of them ranked below.
    static func values(application: Application, versions: [Package], environments: [Environment], used: Set<Int64>,
                       typed: [String: String], error: AppError?) -> [String: Any] {
        var values: [String: Any] = error.map(PageContext.errors) ?? [:]
        let chosen = typed["version"] ?? versions.first?.version ?? ""
        var versionOptions = versions.map { ["value": $0.version, "label": $0.version, "selected": $0.version == chosen] as [String: Any] }
        if !chosen.isEmpty, !versions.contains(where: { $0.version == chosen }) {
            versionOptions.insert(["value": chosen, "label": chosen, "selected": true], at: 0)
        }
        let ranked = environments.sorted { $0.rank < $1.rank }
        values["versionOptions"] = versionOptions
        values["environmentOptions"] = ranked.map { environment in
            let needs = needs(environment, below: environment.promotionSource(among: ranked, used: used))
            return ["value": environment.name, "label": needs.isEmpty ? environment.name : "\(environment.name) (\(needs))",
                    "selected": environment.name == typed["environment"]] as [String: Any]
        }
        values["approvalNotes"] = ranked.filter { $0.needsApproval || $0.isProtected }.map { environment in
            ["text": "A release to \(environment.name) waits until someone other than you with deploy rights approves it."]
        }
        values["strategy"] = application.defaultStrategy.summary
        values["overrideReason"] = typed["overrideReason"] ?? ""
        values["action"] = "/applications/\(application.name)/deploy"
        return values
    }

    /// What an environment asks of a release, for its option's label; empty when nothing.
    private static func needs(_ environment: Environment, below: Environment?) -> String {
        var needs: [String] = []
        if environment.needsApproval || environment.isProtected { needs.append("needs approval") }
        if let below { needs.append("after a success in \(below.name)") }
        return needs.joined(separator: "; ")
    }

    /// The release the form asks for.
    static func request(application: String, from input: FormInput) -> ReleaseRequest {
        let reason = input["overrideReason"].trimmingCharacters(in: .whitespacesAndNewlines)
        return ReleaseRequest(application: application, version: input["version"].trimmingCharacters(in: .whitespaces),
                              environment: input["environment"], overrideReason: reason.isEmpty ? nil : reason)
    }

    /// Refusals the form shows: the fields, the lock (409) and the promotion gate. A missing
    /// application, or a caller who may not deploy at all, answers with the error page instead.
    static func isFormError(_ error: AppError) -> Bool {
        error.field != "application" && (error.code == .invalid || error.code == .conflict || error.field != nil)
    }
}
