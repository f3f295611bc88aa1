import Core
import HTTP

/// `/api/v1/applications`: the caller's visible applications by name (`?limit=`, `?cursor=`), create;
/// `/api/v1/applications/{name}`: show, edit, delete. CI addresses applications by name.
///
/// Bodies: `name`, `groupID`, `runAs`, `installRoot`, `startCommand`, `stopCommand`, `healthCheck`
/// (an object with a `type`, or null for none), `keepReleases` (default 5) and `defaultStrategy` (see
/// `ReleaseStrategy`). PATCH changes only the keys it carries; `"healthCheck":null` removes the check.
struct ApplicationsAPI: Sendable {
    let applications: ApplicationOperations

    func list(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let limit = try Self.limit(request.query("limit"))
        let page = try await applications.list(caller: caller, after: request.query("cursor"), limit: limit)
        return .json(JSONBody.encode(ListJSON(items: page.applications.map(ApplicationJSON.init), nextCursor: page.nextCursor)))
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let input = try await JSONInput.decode(Input.self, from: request)
        var draft = ApplicationDraft(name: try required(input.name, "name"), groupID: try required(input.groupID, "groupID").value,
                                     runAs: try required(input.runAs, "runAs"), installRoot: try required(input.installRoot, "installRoot"))
        input.apply(to: &draft)
        let application = try await applications.create(draft, caller: caller)
        return .json(JSONBody.encode(ApplicationJSON(application)), status: .created)
    }

    func show(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let application = try await applications.application(named: request.parameters["name"] ?? "", caller: caller)
        return .json(JSONBody.encode(ApplicationJSON(application)))
    }

    func update(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        let input = try await JSONInput.decode(Input.self, from: request)
        let application = try await applications.update(named: request.parameters["name"] ?? "", caller: caller) { draft in
            input.apply(to: &draft)
        }
        return .json(JSONBody.encode(ApplicationJSON(application)))
    }

    func delete(_ request: Request) async throws -> Response {
        let caller = try request.caller()
        try await applications.delete(named: request.parameters["name"] ?? "", caller: caller)
        return Response(status: .noContent)
    }

    private static func limit(_ text: String?) throws(AppError) -> Int {
        guard let text else { return 100 }
        guard let limit = Int(text), (1...ApplicationOperations.maxLimit).contains(limit) else {
            throw AppError(.invalid, "limit must be 1 to \(ApplicationOperations.maxLimit)", field: "limit")
        }
        return limit
    }

    /// The body of POST and PATCH; every key optional so PATCH can carry only what changes.
    /// `healthCheck` tells absent (keep) from null (remove).
    private struct Input: Decodable, Sendable {
        var name, runAs, installRoot, startCommand, stopCommand: String?
        var groupID: WireID?
        var healthCheck: HealthCheck??
        var keepReleases: Int?
        var defaultStrategy: ReleaseStrategy?

        private enum CodingKeys: String, CodingKey {
            case name, runAs, installRoot, startCommand, stopCommand, groupID, healthCheck, keepReleases, defaultStrategy
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            runAs = try container.decodeIfPresent(String.self, forKey: .runAs)
            installRoot = try container.decodeIfPresent(String.self, forKey: .installRoot)
            startCommand = try container.decodeIfPresent(String.self, forKey: .startCommand)
            stopCommand = try container.decodeIfPresent(String.self, forKey: .stopCommand)
            groupID = try container.decodeIfPresent(WireID.self, forKey: .groupID)
            if container.contains(.healthCheck) {
                healthCheck = try container.decodeNil(forKey: .healthCheck) ? .some(nil) : try container.decode(HealthCheck.self, forKey: .healthCheck)
            }
            keepReleases = try container.decodeIfPresent(Int.self, forKey: .keepReleases)
            defaultStrategy = try container.decodeIfPresent(ReleaseStrategy.self, forKey: .defaultStrategy)
        }

        func apply(to draft: inout ApplicationDraft) {
            if let name { draft.name = name }
            if let groupID { draft.groupID = groupID.value }
            if let runAs { draft.runAs = runAs }
            if let installRoot { draft.installRoot = installRoot }
            if let startCommand { draft.startCommand = startCommand }
            if let stopCommand { draft.stopCommand = stopCommand }
            if let healthCheck { draft.healthCheck = healthCheck }
            if let keepReleases { draft.keepReleases = keepReleases }
            if let defaultStrategy { draft.defaultStrategy = defaultStrategy }
        }
    }
}

/// An application as the API writes it: ids as strings, `healthCheck` null when there is none.
struct ApplicationJSON: Encodable {
    let id: String
    let name: String
    let groupID: String
    let runAs: String
    let installRoot: String
    let startCommand: String
    let stopCommand: String
    let healthCheck: HealthCheck?
    let keepReleases: Int
    let defaultStrategy: ReleaseStrategy

    init(_ application: Application) {
        id = String(application.id)
        name = application.name
        groupID = String(application.groupID)
        runAs = application.runAs
        installRoot = application.installRoot
        startCommand = application.startCommand
        stopCommand = application.stopCommand
        healthCheck = application.healthCheck
        keepReleases = application.keepReleases
        defaultStrategy = application.defaultStrategy
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, groupID, runAs, installRoot, startCommand, stopCommand, healthCheck, keepReleases, defaultStrategy
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(groupID, forKey: .groupID)
        try container.encode(runAs, forKey: .runAs)
        try container.encode(installRoot, forKey: .installRoot)
        try container.encode(startCommand, forKey: .startCommand)
        try container.encode(stopCommand, forKey: .stopCommand)
        try container.encode(healthCheck, forKey: .healthCheck)  // null spelled out, as WireJSON does
        try container.encode(keepReleases, forKey: .keepReleases)
        try container.encode(defaultStrategy, forKey: .defaultStrategy)
    }
}
