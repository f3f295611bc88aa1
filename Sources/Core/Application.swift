/// An application in a product group: how it is installed and run on each host of the group.
///
/// The name is its identity for people and programs (`capstan push <application> <version>`, the API's
/// `/applications/{name}`) and a directory on every host (`<installRoot>/<name>/releases/…`), so it is
/// unique across all groups and restricted to `[a-z0-9][a-z0-9._-]{0,63}`.
public struct Application: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64
    public var groupID: Int64
    public var name: String
    /// The POSIX account the application's commands run as.
    public var runAs: String
    /// The absolute directory holding `<name>/releases/`, `<name>/current` and `<name>/shared/`.
    public var installRoot: String
    public var startCommand: String
    public var stopCommand: String
    /// nil: no health check; a started release counts as healthy.
    public var healthCheck: HealthCheck?
    /// How many releases each host keeps for rollback.
    public var keepReleases: Int
    /// The strategy a release of this application uses unless it names its own.
    public var defaultStrategy: ReleaseStrategy

    public init(id: Int64, _ draft: ApplicationDraft) {
        self.id = id
        groupID = draft.groupID
        name = draft.name
        runAs = draft.runAs
        installRoot = draft.installRoot
        startCommand = draft.startCommand
        stopCommand = draft.stopCommand
        healthCheck = draft.healthCheck
        keepReleases = draft.keepReleases
        defaultStrategy = draft.defaultStrategy
    }

    /// The fields a person edits, to change and save again.
    public var draft: ApplicationDraft {
        ApplicationDraft(name: name, groupID: groupID, runAs: runAs, installRoot: installRoot, startCommand: startCommand,
                         stopCommand: stopCommand, healthCheck: healthCheck, keepReleases: keepReleases,
                         defaultStrategy: defaultStrategy)
    }
}
