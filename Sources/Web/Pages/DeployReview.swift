import Core
import Foundation

/// The deploy review page's values: what the release will do, before anyone confirms it.
enum DeployReview {
    /// How many hostnames of the first batch the page names.
    static let namedHosts = 10

    /// `input`: the review's query (or the confirmation's form); `error`: a refused change, shown
    /// next to its field with the plan as it stands without the change.
    static func values(_ preview: ReleaseOperations.Preview, input: FormInput, error: AppError? = nil) -> [String: Any] {
        let overrideReason = input["overrideReason"]
        let resolved = preview.resolved
        let (application, package, environment) = (resolved.application, resolved.package, resolved.environment)
        let batches = resolved.plan.batches
        let hosts = resolved.machines.count
        let target = "\(application.name) \(package.version) to \(environment.name)"
        var confirm = "Deploy \(target)? \(count(hosts, "host")) in \(count(batches.count, "batch", "batches"))."
        if resolved.needsApproval { confirm += " It starts once someone else approves it." }
        let first = batches.first ?? []
        var values: [String: Any] = [
            "application": application.name, "packageVersion": package.version, "environment": environment.name,
            "sha256": package.sha256, "size": ByteCountFormatter.string(fromByteCount: package.size, countStyle: .binary),
            "hostCount": count(hosts, "host"), "batchCount": count(batches.count, "batch", "batches"),
            "batches": batches.enumerated().map { index, members in
                let datacenters = Set(members.map { resolved.machines[$0].datacenter }).filter { !$0.isEmpty }.sorted()
                return ["number": index + 1, "size": count(members.count, "host"), "datacenters": datacenters.joined(separator: ", ")]
            },
            "firstHosts": first.prefix(namedHosts).map { resolved.machines[$0].hostname }.joined(separator: ", "),
            "moreFirstHosts": first.count > namedHosts ? "and \(first.count - namedHosts) more" : "",
            "strategy": resolved.strategy.summary,
            "needsApproval": resolved.needsApproval,
            "approvers": preview.approvers.joined(separator: ", "),
            "hasApprovers": !preview.approvers.isEmpty,
            "isProtected": environment.isProtected,
            "overrideReason": overrideReason,
            "isGateOverridden": resolved.isGateOverridden,
            "action": "/applications/\(application.name)/deploy",
            "backLink": "/applications/\(application.name)",
            "confirm": confirm,
            "buttonLabel": "Deploy \(package.version) to \(environment.name)",
        ]
        values["replacing"] = preview.replacing
        values.merge(change(resolved, input: input, error: error)) { $1 }
        values["machinesLink"] = "/machines" + QueryString.make([
            (name: "group", value: String(application.groupID)), (name: "environment", value: String(environment.id)),
            (name: "state", value: "active"),
        ])
        return values
    }

    /// The change form's values: what it shows (typed, or the plan's strategy), whether it is open,
    /// and what the confirmation carries (`carried`: hidden inputs for the strategy and hosts).
    private static func change(_ resolved: ResolvedRelease, input: FormInput, error: AppError?) -> [String: Any] {
        let isCustom = input["custom"] == "1"
        var typed = isCustom ? input.typed : ApplicationForm.typed(resolved.strategy)
        typed["hosts"] = input["hosts"]
        var values: [String: Any] = ApplicationForm.choices(typed)
        if let error {
            values.merge(PageContext.errors(AppError(error.code, error.message, field: error.field.map(DeployOverride.inputName)))) { $1 }
        }
        values["change"] = typed
        values["isStrategyChanged"] = resolved.strategy != resolved.application.defaultStrategy
        values["defaultStrategy"] = resolved.application.defaultStrategy.summary
        values["isHostsChosen"] = error == nil && !input["hosts"].isEmpty
        values["isChangeOpen"] = error != nil || isCustom || !input["hosts"].isEmpty
        // A refused change is not carried: the button starts the release shown, without it.
        guard error == nil else { return values }
        var carried: [[String: String]] = []
        if isCustom {
            carried.append(["name": "custom", "value": "1"])
            for field in DeployOverride.strategyFields where input.contains(field) { carried.append(["name": field, "value": input[field]]) }
        }
        if !input["hosts"].isEmpty { carried.append(["name": "hosts", "value": input["hosts"]]) }
        values["carried"] = carried
        return values
    }

    private static func count(_ number: Int, _ one: String, _ many: String? = nil) -> String {
        "\(number) \(number == 1 ? one : many ?? one + "s")"
    }
}
