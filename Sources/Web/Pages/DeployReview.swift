import Core
import Foundation

/// The deploy review page's values: what the release will do, before anyone confirms it.
enum DeployReview {
    /// How many hostnames of the first batch the page names.
    static let namedHosts = 10

    static func values(_ preview: ReleaseOperations.Preview, overrideReason: String) -> [String: Any] {
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
        values["machinesLink"] = "/machines" + QueryString.make([
            (name: "group", value: String(application.groupID)), (name: "environment", value: String(environment.id)),
            (name: "state", value: "active"),
        ])
        return values
    }

    private static func count(_ number: Int, _ one: String, _ many: String? = nil) -> String {
        "\(number) \(number == 1 ? one : many ?? one + "s")"
    }
}
