import Core
import Foundation

/// The application form shared by the create and edit pages: reading a draft from what was typed,
/// the typed values of an existing application, and where each refused field's message goes.
///
/// The health check is `healthType` (none, http, tcp, command) with `healthURL`,
/// `healthExpectedStatus`, `healthPort`, `healthCommand`, `healthInterval`, `healthTimeout` and
/// `healthRetries`; the strategy is `batchSize` (`25%`, `5`, or steps `1, 10%, 50%, 100%`),
/// `maxParallel`, `failureLimit`, `pause`, the `autoRollback` and `byDatacenter` checkboxes, `bake`
/// (seconds; empty: pauses wait for an operator) and `hostTimeout` (seconds; empty: the default).
enum ApplicationForm {
    /// The draft the form describes.
    static func draft(from input: FormInput) throws(AppError) -> ApplicationDraft {
        ApplicationDraft(
            name: input["name"].trimmingCharacters(in: .whitespaces), groupID: try input.id("groupID", label: "group"),
            runAs: input["runAs"].trimmingCharacters(in: .whitespaces),
            installRoot: input["installRoot"].trimmingCharacters(in: .whitespaces),
            startCommand: normalizedNewlines(input["startCommand"]), stopCommand: normalizedNewlines(input["stopCommand"]),
            healthCheck: try healthCheck(from: input), keepReleases: try integer(input, "keepReleases"),
            defaultStrategy: try strategy(from: input))
    }

    /// What the form shows for an existing application (or the defaults for a new one).
    static func typed(_ draft: ApplicationDraft?) -> [String: String] {
        var typed = Self.typed(draft?.defaultStrategy ?? ReleaseStrategy())
        typed.merge(["keepReleases": String(draft?.keepReleases ?? ApplicationDraft.defaultKeepReleases),
                     "healthType": "none", "healthExpectedStatus": "200"]) { $1 }
        let timing = draft?.healthCheck?.timing ?? HealthCheck.Timing()
        typed["healthInterval"] = String(timing.interval)
        typed["healthTimeout"] = String(timing.timeout)
        typed["healthRetries"] = String(timing.retries)
        guard let draft else { return typed }
        typed.merge(["name": draft.name, "groupID": String(draft.groupID), "runAs": draft.runAs, "installRoot": draft.installRoot,
                     "startCommand": draft.startCommand, "stopCommand": draft.stopCommand]) { $1 }
        switch draft.healthCheck {
        case .http(let url, let expectedStatus, _):
            typed.merge(["healthType": "http", "healthURL": url, "healthExpectedStatus": String(expectedStatus)]) { $1 }
        case .tcp(let port, _): typed.merge(["healthType": "tcp", "healthPort": String(port)]) { $1 }
        case .command(let command, _): typed.merge(["healthType": "command", "healthCommand": command]) { $1 }
        case nil: break
        }
        return typed
    }

    /// What the strategy fields show for `strategy`.
    static func typed(_ strategy: ReleaseStrategy) -> [String: String] {
        ["batchSize": strategy.batchSizes.map(\.description).joined(separator: ", "),
         "maxParallel": String(strategy.maxParallel), "failureLimit": strategy.failureLimit.description,
         "pause": strategy.pause.rawValue, "autoRollback": strategy.autoRollback ? "1" : "",
         "byDatacenter": strategy.byDatacenter ? "1" : "", "bake": strategy.bake.map(String.init) ?? "",
         "hostTimeout": String(strategy.hostTimeout)]
    }

    /// The form's error values, the message next to the input that holds the refused field.
    static func errors(_ error: AppError) -> [String: Any] {
        let field = error.field.map { inputNames[$0] ?? $0.split(separator: ".").first.map(String.init) ?? $0 }
        return PageContext.errors(AppError(error.code, error.message, field: field))
    }

    /// `<select>` options for the health check type and the pause, the typed one marked.
    static func choices(_ typed: [String: String]) -> [String: Any] {
        let types = [("none", "No health check"), ("http", "HTTP"), ("tcp", "TCP port"), ("command", "Command")]
        return [
            "healthTypeOptions": types.map { ["value": $0.0, "label": $0.1, "selected": typed["healthType"] == $0.0] as [String: Any] },
            "pauseOptions": ReleaseStrategy.Pause.allCases.map { pause in
                ["value": pause.rawValue, "label": pause.rawValue, "selected": typed["pause"] == pause.rawValue] as [String: Any]
            },
        ]
    }

    private static let inputNames = [
        "healthCheck.url": "healthURL", "healthCheck.expectedStatus": "healthExpectedStatus", "healthCheck.port": "healthPort",
        "healthCheck.command": "healthCommand", "healthCheck.interval": "healthInterval", "healthCheck.timeout": "healthTimeout",
        "healthCheck.retries": "healthRetries", "defaultStrategy.batchSize": "batchSize",
        "defaultStrategy.maxParallel": "maxParallel", "defaultStrategy.failureLimit": "failureLimit",
        "defaultStrategy.bake": "bake", "defaultStrategy.hostTimeout": "hostTimeout",
    ]

    private static func healthCheck(from input: FormInput) throws(AppError) -> HealthCheck? {
        let type = input["healthType"]
        guard !type.isEmpty, type != "none" else { return nil }
        let timing = HealthCheck.Timing(interval: try integer(input, "healthInterval"), timeout: try integer(input, "healthTimeout"),
                                        retries: try integer(input, "healthRetries"))
        switch type {
        case "http":
            return .http(url: input["healthURL"].trimmingCharacters(in: .whitespaces),
                         expectedStatus: try integer(input, "healthExpectedStatus"), timing: timing)
        case "tcp": return .tcp(port: try integer(input, "healthPort"), timing: timing)
        case "command": return .command(normalizedNewlines(input["healthCommand"]), timing: timing)
        default: throw AppError(.invalid, "choose a health check type", field: "healthType")
        }
    }

    /// The strategy fields (also the deploy review's, for one release).
    static func strategy(from input: FormInput) throws(AppError) -> ReleaseStrategy {
        var sizes: [ReleaseStrategy.Amount] = []
        for part in input["batchSize"].split(separator: ",") {
            guard let amount = ReleaseStrategy.Amount(String(part)) else {
                throw AppError(.invalid, "batch size must be a count like 5, a percentage like 25%, or steps like 1, 10%, 50%, 100%",
                               field: "batchSize")
            }
            sizes.append(amount)
        }
        guard let failureLimit = ReleaseStrategy.Amount(input["failureLimit"]) else {
            throw AppError(.invalid, "failure limit must be a count like 2 or a percentage like 10%", field: "failureLimit")
        }
        guard let pause = ReleaseStrategy.Pause(rawValue: input["pause"]) else {
            throw AppError(.invalid, "choose when to pause", field: "pause")
        }
        return ReleaseStrategy(batchSizes: sizes, maxParallel: try integer(input, "maxParallel"), failureLimit: failureLimit,
                               pause: pause, autoRollback: input.isChecked("autoRollback"), byDatacenter: input.isChecked("byDatacenter"),
                               bake: try optionalInteger(input, "bake"),
                               hostTimeout: try optionalInteger(input, "hostTimeout") ?? ReleaseStrategy().hostTimeout)
    }

    private static func integer(_ input: FormInput, _ name: String) throws(AppError) -> Int {
        guard let value = Int(input[name].trimmingCharacters(in: .whitespaces)) else {
            throw AppError(.invalid, "\(name) must be a whole number", field: name)
        }
        return value
    }

    /// An integer field that may be left empty (nil).
    private static func optionalInteger(_ input: FormInput, _ name: String) throws(AppError) -> Int? {
        input[name].trimmingCharacters(in: .whitespaces).isEmpty ? nil : try integer(input, name)
    }

    /// Browsers send textarea lines as CRLF; commands keep plain newlines.
    private static func normalizedNewlines(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n")
    }
}
