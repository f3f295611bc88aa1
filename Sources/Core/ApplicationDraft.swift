/// The fields of an application a person types when creating or editing one.
public struct ApplicationDraft: Sendable, Codable, Equatable {
    public static let defaultKeepReleases = 5
    public static let keepReleasesRange = 1...100
    public static let maxCommandLength = 4096

    public var name: String
    public var groupID: Int64
    public var runAs: String
    public var installRoot: String
    public var startCommand: String
    public var stopCommand: String
    public var healthCheck: HealthCheck?
    public var keepReleases: Int
    public var defaultStrategy: ReleaseStrategy

    public init(
        name: String, groupID: Int64, runAs: String, installRoot: String, startCommand: String = "",
        stopCommand: String = "", healthCheck: HealthCheck? = nil, keepReleases: Int = ApplicationDraft.defaultKeepReleases,
        defaultStrategy: ReleaseStrategy = ReleaseStrategy()
    ) {
        self.name = name
        self.groupID = groupID
        self.runAs = runAs
        self.installRoot = installRoot
        self.startCommand = startCommand
        self.stopCommand = stopCommand
        self.healthCheck = healthCheck
        self.keepReleases = keepReleases
        self.defaultStrategy = defaultStrategy
    }

    /// Throws `AppError(.invalid)` naming the first bad field (nested ones as `healthCheck.port`).
    public func validate() throws(AppError) {
        try ApplicationValidation.name(name)
        try ApplicationValidation.account(runAs, field: "runAs")
        try ApplicationValidation.absolutePath(installRoot, field: "installRoot")
        try ApplicationValidation.command(startCommand, field: "startCommand", allowsEmpty: true)
        try ApplicationValidation.command(stopCommand, field: "stopCommand", allowsEmpty: true)
        try healthCheck?.validate(field: "healthCheck")
        guard Self.keepReleasesRange.contains(keepReleases) else {
            throw AppError(.invalid, "keepReleases must be 1 to 100", field: "keepReleases")
        }
        try defaultStrategy.validate(field: "defaultStrategy")
    }
}
