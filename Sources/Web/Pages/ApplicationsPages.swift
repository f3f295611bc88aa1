import Core
import Foundation
import HTTP

/// `GET /applications` (the caller's visible applications, with a form to create one in a group
/// they manage, `POST /applications`) and `GET /applications/{name}` (its settings, the deploy form
/// for callers who may deploy, and its versions newest first, `pageSize` at a time by `?cursor=`,
/// each with a download link).
///
/// A refused form comes back (422, or 409 for a taken name) with what was typed and the message next
/// to its field.
struct ApplicationsPages: Sendable {
    /// The most rows one page shows; more continue by `?cursor=<last name>`.
    static let pageSize = 100

    let templates: Templates
    let applications: ApplicationOperations
    let groups: GroupOperations
    let packages: PackageOperations
    let environments: EnvironmentOperations
    /// Whether `POST /applications/{name}/deploy` exists (it needs the release engine), so the page offers the form.
    var canDeploy = false

    func list(_ request: Request) async throws -> Response {
        try await page(try request.caller(), cursor: request.query("cursor"), typed: ApplicationForm.typed(nil))
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let input = try await FormInput.read(request)
        do {
            let application = try await applications.create(try ApplicationForm.draft(from: input), caller: caller)
            return .redirect(to: "/applications/\(application.name)")
        } catch let error as AppError where MachineFormPages.isFormError(error) {
            return try await page(caller, cursor: nil, typed: input.typed, error: error)
        }
    }

    func show(_ request: Request) async throws -> Response {
        try await render(try request.caller(), name: request.parameters["name"] ?? "", cursor: request.query("cursor"))
    }

    /// The application page; `deploy` is the deploy form as typed, shown again with `error`.
    func render(_ caller: Caller, name: String, cursor: String?, deploy: [String: String] = [:], error: AppError? = nil) async throws -> Response {
        let application = try await applications.application(named: name, caller: caller)
        let group = try await groups.group(application.groupID, caller: caller)
        var values = Self.settings(application)
        values["group"] = group.name
        values["groupID"] = String(group.id)
        values["canManage"] = caller.principal.decide(.manage, in: application.groupID).isAllowed
        let versions = try await packages.list(application: application.name, caller: caller, after: cursor, limit: Self.pageSize)
        let deployed = Dictionary(grouping: try await packages.deployments(application: application.name, caller: caller), by: \.version)
        values["versions"] = versions.packages.map { package in
            var row = Self.versionRow(package, application: application.name)
            row["deployedTo"] = (deployed[package.version] ?? []).map { "\($0.environment): \($0.hosts) \($0.hosts == 1 ? "host" : "hosts")" }
                .joined(separator: ", ")
            return row
        }
        values["hasVersions"] = !versions.packages.isEmpty
        if let next = versions.nextCursor { values["versionsNextLink"] = "/applications/\(application.name)?cursor=\(next)" }
        values["deploy"] = try await deployForm(caller, application, versions: cursor == nil ? versions.packages : nil, typed: deploy, error: error)
        let context = PageContext.make(title: application.name, path: "/applications", caller: caller, values)
        return .html(templates.render(.application, context), status: error.map(PageContext.refusalStatus) ?? .ok)
    }

    /// The deploy form's values, when the caller may deploy and there is a version to deploy.
    private func deployForm(_ caller: Caller, _ application: Application, versions: [Package]?, typed: [String: String],
                            error: AppError?) async throws -> [String: Any]? {
        guard canDeploy, caller.principal.decide(.deploy, in: application.groupID).isAllowed else { return nil }
        var newest = versions ?? []
        if versions == nil {
            newest = try await packages.list(application: application.name, caller: caller, limit: Self.pageSize).packages
        }
        guard !newest.isEmpty else { return nil }
        return DeployForm.values(application: application, versions: newest, environments: try await environments.list(),
                                 used: try await environments.used(byGroup: application.groupID), typed: typed, error: error)
    }

    private func page(_ caller: Caller, cursor: String?, typed: [String: String], error: AppError? = nil) async throws -> Response {
        let page = try await applications.list(caller: caller, after: cursor, limit: Self.pageSize)
        let visibleGroups = try await groups.list(caller: caller)
        let names = Dictionary(uniqueKeysWithValues: visibleGroups.map { ($0.id, $0.name) })
        let manageable = visibleGroups.filter { caller.principal.decide(.manage, in: $0.id).isAllowed }
        var values: [String: Any] = error.map(ApplicationForm.errors) ?? [:]
        values.merge(ApplicationForm.choices(typed)) { $1 }
        values["rows"] = page.applications.map { application in
            ["name": application.name, "group": names[application.groupID] ?? "group \(application.groupID)",
             "installRoot": application.installRoot, "keepReleases": application.keepReleases] as [String: Any]
        }
        values["isEmpty"] = page.applications.isEmpty
        if let next = page.nextCursor { values["nextLink"] = "/applications?cursor=\(next)" }
        values["canCreate"] = !manageable.isEmpty
        values["groupOptions"] = PageContext.options(manageable.map { ($0.id, $0.name) }, selected: Int64(typed["groupID"] ?? ""))
        values["typed"] = typed
        values["formOpen"] = error != nil || page.applications.isEmpty
        let context = PageContext.make(title: "Applications", path: "/applications", caller: caller, values)
        return .html(templates.render(.applications, context), status: PageContext.status(error))
    }

    /// One row of the versions table.
    private static func versionRow(_ package: Package, application: String) -> [String: Any] {
        var row: [String: Any] = [
            "version": package.version, "size": ByteCountFormatter.string(fromByteCount: package.size, countStyle: .binary),
            "bytes": package.size, "sha256": package.sha256, "shortSHA256": String(package.sha256.prefix(12)),
            "createdBy": package.createdByLogin, "createdAt": RFC3339.string(package.createdAt),
            "downloadLink": "/api/v1/applications/\(application)/packages/\(package.version)/download",
        ]
        if let commit = package.metadata.commit { row["commit"] = String(commit.prefix(12)) }
        if let branch = package.metadata.branch { row["branch"] = branch }
        return row
    }

    /// An application's settings as the show page lists them.
    private static func settings(_ application: Application) -> [String: Any] {
        let strategy = application.defaultStrategy
        var values: [String: Any] = [
            "name": application.name, "runAs": application.runAs, "installRoot": application.installRoot,
            "startCommand": application.startCommand, "stopCommand": application.stopCommand,
            "keepReleases": application.keepReleases,
            "batchSize": strategy.batchSizes.map(\.description).joined(separator: ", "),
            "maxParallel": strategy.maxParallel, "failureLimit": strategy.failureLimit.description,
            "pause": strategy.pause.rawValue, "autoRollback": strategy.autoRollback, "byDatacenter": strategy.byDatacenter,
            "bake": strategy.bake.map(ReleaseStrategy.durationText) ?? "", "hostTimeout": ReleaseStrategy.durationText(strategy.hostTimeout),
        ]
        if let check = application.healthCheck {
            let timing = check.timing
            let probe = switch check {
            case .http(let url, let expectedStatus, _): "HTTP GET \(url) answers \(expectedStatus)"
            case .tcp(let port, _): "TCP port \(port) accepts connections"
            case .command(let command, _): "command exits 0: \(command)"
            }
            values["healthCheck"] = probe
            values["healthTiming"] = "every \(timing.interval) s, timeout \(timing.timeout) s, \(timing.retries) retries"
        }
        return values
    }
}
